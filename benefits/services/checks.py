"""Benefits checks: what a payer said it pays, recorded by a coordinator or asked of a gateway."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from elevium.accounts.models import User
from elevium.audit.services import audit_record
from reassessment.errors import DocumentInvalid

from ..gateways import DEFAULT_GATEWAY, BenefitsGateway
from ..models import BenefitsCheck, CheckMethod, Coverage, CoverageStatus


def _check_errors(check: BenefitsCheck) -> dict[str, list[str]]:
    """Every problem with an unsaved check's figures, by field."""
    errors: dict[str, list[str]] = {}
    if check.method not in CheckMethod.values or check.method == CheckMethod.PENDING:
        errors["method"] = ["choose phone, portal or gateway"]
    if check.coverage_status not in CoverageStatus.values:
        errors["coverage_status"] = [f"choose one of {', '.join(CoverageStatus.values)}"]
    for name in ("deductible", "deductible_met", "copay", "oop_met"):
        if getattr(check, name) < 0:
            errors[name] = ["cannot be negative"]
    if check.oop_max is not None and check.oop_max < 0:
        errors["oop_max"] = ["cannot be negative"]
    if not Decimal("0") <= check.coinsurance_pct <= Decimal("100"):
        errors["coinsurance_pct"] = ["between 0 and 100"]
    if check.deductible_met > check.deductible:
        errors.setdefault("deductible_met", []).append("more than the deductible")
    if check.oop_max is not None and check.oop_met > check.oop_max:
        errors.setdefault("oop_met", []).append("more than the out-of-pocket maximum")
    if check.visit_limit is not None and check.visit_limit < 0:
        errors["visit_limit"] = ["cannot be negative"]
    if check.visits_used < 0:
        errors["visits_used"] = ["cannot be negative"]
    return errors


@transaction.atomic
def benefits_check_record(
    *,
    actor: User,
    coverage: Coverage,
    treatment: str,
    method: str,
    coverage_status: str,
    pa_required: bool | None = None,
    deductible: Decimal = Decimal("0"),
    deductible_met: Decimal = Decimal("0"),
    coinsurance_pct: Decimal = Decimal("0"),
    copay: Decimal = Decimal("0"),
    oop_max: Decimal | None = None,
    oop_met: Decimal = Decimal("0"),
    visit_limit: int | None = None,
    visits_used: int = 0,
    reference: str = "",
    note: str = "",
) -> BenefitsCheck:
    """The result of a phone, portal or gateway check for one coverage and treatment."""
    check = BenefitsCheck(
        coverage=coverage,
        treatment=treatment,
        recorded_by=actor,
        recorded_at=timezone.now(),
        method=method,
        coverage_status=coverage_status,
        pa_required=pa_required,
        deductible=deductible,
        deductible_met=deductible_met,
        coinsurance_pct=coinsurance_pct,
        copay=copay,
        oop_max=oop_max,
        oop_met=oop_met,
        visit_limit=visit_limit,
        visits_used=visits_used,
        reference=reference.strip(),
        note=note.strip(),
    )
    errors = _check_errors(check)
    if errors:
        raise DocumentInvalid(errors)
    check.save(force_insert=True)
    audit_record(
        actor=actor,
        action="benefits_check.recorded",
        obj=check,
        patient_id=coverage.patient_id,
        data={"coverage": str(coverage.id), "treatment": treatment, "method": method},
    )
    return check


@transaction.atomic
def benefits_check_request(
    *, actor: User, coverage: Coverage, treatment: str, gateway: BenefitsGateway = DEFAULT_GATEWAY
) -> BenefitsCheck:
    """Ask the gateway for a check; the manual gateway records a pending task for a coordinator."""
    check = gateway.request_check(actor=actor, coverage=coverage, treatment=treatment)
    audit_record(
        actor=actor,
        action="benefits_check.requested",
        obj=check,
        patient_id=coverage.patient_id,
        data={"coverage": str(coverage.id), "treatment": treatment, "gateway": gateway.name},
    )
    return check
