"""The checklist's "Letter of medical necessity" item follows the letter (issue 12): attaching
the finalized letter marks it done, its evidence the letter's version; amending the letter opens
it again, since the version sent is no longer the one being written. Each change is on the
case's timeline and audited like a coordinator's tick."""

from __future__ import annotations

import datetime as dt

from elevium.accounts.models import User
from elevium.audit.services import audit_record

from ..models import PaCase, PaChecklistItem, PaEventKind, SatisfiedBy
from ..transitions import PaStatus
from .case_writes import CHECKLIST_EDITABLE, documents_needed, event, locked

LETTER_ITEM = "letter_of_medical_necessity"


def _item(case: PaCase) -> PaChecklistItem | None:
    """The case's letter item, locked, when its checklist may still change (not once submitted)."""
    if PaStatus(case.status) not in CHECKLIST_EDITABLE:
        return None
    return PaChecklistItem.objects.select_for_update().filter(case=case, code=LETTER_ITEM).first()


def _record(actor: User, case: PaCase, item: PaChecklistItem, at: dt.datetime, note: str) -> None:
    data = {"code": item.code, "satisfied": item.satisfied, "justified": False, "by": "letter"}
    event(case, actor=actor, kind=PaEventKind.CHECKLIST, at=at, note=note, data=data)
    audit_record(
        actor=actor,
        action="pa_case.checklist_marked",
        obj=case,
        patient_id=case.patient_id,
        data={**data, "status": case.status},
    )


def letter_item_close(*, actor: User, case: PaCase, version: int | None, at: dt.datetime) -> None:
    """Mark the letter item done by the attached ``version`` (inside the attach transaction)."""
    case = locked(case)
    item = _item(case)
    if item is None:
        return
    item.satisfied = True
    item.satisfied_by = SatisfiedBy.LETTER
    item.note = f"The finalized letter, version {version}, attached on {at:%Y-%m-%d}."
    item.save(update_fields=["satisfied", "satisfied_by", "note", "updated_at"])
    _record(actor, case, item, at, item.note)


def letter_item_reopen(*, actor: User, case: PaCase, at: dt.datetime) -> None:
    """Open the letter item again when the letter is amended (inside the amend transaction); a
    ready case goes back to documents_needed, as when a coordinator reopens an item."""
    case = locked(case)
    item = _item(case)
    if item is None or not item.satisfied:
        return
    item.satisfied = False
    item.satisfied_by = SatisfiedBy.NONE
    item.save(update_fields=["satisfied", "satisfied_by", "updated_at"])
    _record(actor, case, item, at, "The letter is being amended: attach the new finalized version.")
    if PaStatus(case.status) == PaStatus.READY_TO_SUBMIT and item.required:
        documents_needed(case, actor=actor, at=at, missing=[item.code], revise=True)
