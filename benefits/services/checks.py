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


def _check_errors(
    *,
    method: str,
    coverage_status: str,
    amounts: dict[str, Decimal],
    oop_max: Decimal | None,
    coinsurance_pct: Decimal,
    visit_limit: int | None,
    visits_used: int,
) -> dict[str, list[str]]:
    """Every problem with a check's figures, by field (``amounts``: the amounts that cannot be
    negative and have no other limit of their own)."""
    errors: dict[str, list[str]] = {}
    if method not in CheckMethod.values or method == CheckMethod.PENDING:
        errors["method"] = ["choose phone, portal or gateway"]
    if coverage_status not in CoverageStatus.values:
        errors["coverage_status"] = [f"choose one of {', '.join(CoverageStatus.values)}"]
    for name, value in amounts.items():
        if value < 0:
            errors[name] = ["cannot be negative"]
    if oop_max is not None and oop_max < 0:
        errors["oop_max"] = ["cannot be negative"]
    if not Decimal("0") <= coinsurance_pct <= Decimal("100"):
        errors["coinsurance_pct"] = ["between 0 and 100"]
    if amounts["deductible_met"] > amounts["deductible"]:
        errors.setdefault("deductible_met", []).append("more than the deductible")
    if oop_max is not None and amounts["oop_met"] > oop_max:
        errors.setdefault("oop_met", []).append("more than the out-of-pocket maximum")
    if visit_limit is not None and visit_limit < 0:
        errors["visit_limit"] = ["cannot be negative"]
    if visits_used < 0:
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
    amounts = {"deductible": deductible, "deductible_met": deductible_met, "copay": copay, "oop_met": oop_met}
    errors = _check_errors(
        method=method,
        coverage_status=coverage_status,
        amounts=amounts,
        oop_max=oop_max,
        coinsurance_pct=coinsurance_pct,
        visit_limit=visit_limit,
        visits_used=visits_used,
    )
    if errors:
        raise DocumentInvalid(errors)
    check = BenefitsCheck.objects.create(
        coverage=coverage,
        treatment=treatment,
        recorded_by=actor,
        recorded_at=timezone.now(),
        method=method,
        coverage_status=coverage_status,
        pa_required=pa_required,
        coinsurance_pct=coinsurance_pct,
        oop_max=oop_max,
        visit_limit=visit_limit,
        visits_used=visits_used,
        reference=reference.strip(),
        note=note.strip(),
        **amounts,
    )
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
