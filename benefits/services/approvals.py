"""The payer's approval of a PA case, and the units used under it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from elevium.accounts.models import User
from elevium.audit.services import audit_record
from reassessment.errors import DocumentInvalid

from ..models import PaCase, PaEventKind
from ..transitions import PaStatus, check_transition
from .case_writes import audit_unchanged, check_revision, conflict, event, locked

APPROVAL_FIELDS = ["authorization_number", "approved_units", "valid_from", "valid_until"]


def _approval_errors(
    authorization_number: str, approved_units: int | None, valid_from: dt.date, valid_until: dt.date
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not authorization_number:
        errors["authorization_number"] = ["the payer's authorization number is required"]
    if approved_units is not None and approved_units < 1:
        errors["approved_units"] = ["at least 1, or leave empty when the approval is not counted in units"]
    if valid_until < valid_from:
        errors["valid_until"] = ["ends before valid_from"]
    return errors


def _approve(case: PaCase) -> None:
    """Approved, with its authorization fields already set on ``case``."""
    case.status = PaStatus.APPROVED
    # Decided: the next look at it is the renewal check, which the expiring-approvals sweep does.
    case.next_follow_up_at = None
    case.revision += 1
    case.save(update_fields=["status", *APPROVAL_FIELDS, "next_follow_up_at", "revision", "updated_at"])


@transaction.atomic
def pa_case_record_approval(
    *,
    actor: User,
    case: PaCase,
    authorization_number: str,
    approved_units: int | None,
    valid_from: dt.date,
    valid_until: dt.date,
    revision: int,
    note: str = "",
) -> PaCase:
    """The payer approved: record the authorization and move to approved. Recording the same
    authorization again is a no-op; a different one on an approved case is a conflict."""
    authorization_number = authorization_number.strip()
    errors = _approval_errors(authorization_number, approved_units, valid_from, valid_until)
    if errors:
        raise DocumentInvalid(errors)
    case = locked(case)
    current = PaStatus(case.status)
    if current == PaStatus.APPROVED and case.authorization_number == authorization_number:
        audit_unchanged(actor, case, "approval")
        return case
    check_revision(case, revision)
    check_transition(current, PaStatus.APPROVED)
    case.authorization_number, case.approved_units = authorization_number, approved_units
    case.valid_from, case.valid_until = valid_from, valid_until
    _approve(case)
    event(
        case,
        actor=actor,
        kind=PaEventKind.APPROVAL,
        at=timezone.now(),
        from_status=current,
        to_status=PaStatus.APPROVED,
        note=note.strip(),
        data={
            "approved_units": approved_units,
            "valid_from": str(valid_from),
            "valid_until": str(valid_until),
        },
    )
    audit_record(
        actor=actor,
        action="pa_case.approved",
        obj=case,
        patient_id=case.patient_id,
        data={"from": current, "fields": APPROVAL_FIELDS, "revision": case.revision},
    )
    return case


@transaction.atomic
def pa_case_record_units(*, actor: User, case: PaCase, used_units: int, revision: int) -> PaCase:
    """How many of an approval's units (sessions) have been used; the renewal sweep reads it."""
    case = locked(case)
    check_revision(case, revision)
    if case.status != PaStatus.APPROVED:
        raise conflict(
            f"units are recorded on an approved case; this one is {case.status}", PaStatus(case.status)
        )
    errors: dict[str, list[str]] = {}
    if used_units < case.used_units:
        errors["used_units"] = [f"cannot go down (already {case.used_units} recorded)"]
    elif case.approved_units is not None and used_units > case.approved_units:
        errors["used_units"] = [f"more than the {case.approved_units} approved"]
    if errors:
        raise DocumentInvalid(errors)
    before = case.used_units
    case.used_units = used_units
    case.revision += 1
    case.save(update_fields=["used_units", "revision", "updated_at"])
    event(
        case,
        actor=actor,
        kind=PaEventKind.NOTE,
        at=timezone.now(),
        note=f"Units used: {before} → {used_units}",
        data={"used_units": used_units},
    )
    audit_record(
        actor=actor,
        action="pa_case.units_recorded",
        obj=case,
        patient_id=case.patient_id,
        data={"fields": ["used_units"]},
    )
    return case
