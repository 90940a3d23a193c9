"""What every write to a PA case shares: lock the row, check the revision the caller read,
refuse with the allowed next states, and add to the case's timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from elevium.accounts.models import User
from elevium.audit.services import audit_record
from elevium.lib.errors import Conflict, StaleRevision

from ..models import PaCase, PaEvent, PaEventKind
from ..transitions import PaStatus, allowed_next

# The checklist can change until the request is sent, and again when the payer asks for more.
CHECKLIST_EDITABLE = frozenset(
    {PaStatus.DRAFT, PaStatus.DOCUMENTS_NEEDED, PaStatus.READY_TO_SUBMIT, PaStatus.MORE_INFORMATION_REQUESTED}
)


class PaCaseStale(StaleRevision):
    """Someone changed the case since the caller read it (409)."""

    def __init__(self, *, status: PaStatus, current: int, given: int) -> None:
        super().__init__(
            f"this case was changed by someone else (revision {current}, you had {given}); reload it",
            status=status,
            allowed=allowed_next(status),
            current=current,
            given=given,
        )


def conflict(message: str, status: PaStatus) -> Conflict:
    return Conflict(message, status=status, allowed=allowed_next(status))


def event(
    case: PaCase,
    *,
    actor: User | None,
    kind: PaEventKind,
    at: dt.datetime,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> PaEvent:
    return PaEvent.objects.create(
        case=case,
        actor=actor,
        kind=kind,
        at=at,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )


def locked(case: PaCase) -> PaCase:
    """The case's current row, locked for this transaction (a stale in-memory copy is not trusted)."""
    return (
        PaCase.objects.select_for_update(of=("self",))
        .select_related("coverage__plan__payer", "policy")
        .get(pk=case.pk)
    )


def audit_unchanged(actor: User, case: PaCase, request: str) -> None:
    """A repeated request changes nothing but still answers with the whole case: that read of
    the patient's data is recorded like any other."""
    audit_record(
        actor=actor,
        action="pa_case.viewed",
        obj=case,
        patient_id=case.patient_id,
        data={"unchanged": request, "status": case.status},
    )


def check_revision(case: PaCase, revision: int) -> None:
    if case.revision != revision:
        raise PaCaseStale(status=PaStatus(case.status), current=case.revision, given=revision)


def documents_needed(case: PaCase, *, actor: User, at: dt.datetime, missing: list[str], revise: bool) -> None:
    """Send the case to documents_needed for the ``missing`` codes; ``revise`` counts it as a
    change (not when the case is being created, whose first revision this still is)."""
    before = case.status
    case.status = PaStatus.DOCUMENTS_NEEDED
    fields = ["status", "updated_at"]
    if revise:
        case.revision += 1
        fields.append("revision")
    case.save(update_fields=fields)
    event(
        case,
        actor=actor,
        kind=PaEventKind.STATUS_CHANGED,
        at=at,
        from_status=before,
        to_status=PaStatus.DOCUMENTS_NEEDED,
        data={"missing": missing},
    )
