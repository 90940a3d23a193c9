"""Units used against a prior-authorization approval. One session is one unit: the approval's
``approved_units`` counts sessions (criteria.md §3.2 "30 + 6 = 36", §7.2). Payers that count
Spravato in milligrams (J0013, 1 mg units, §7.3) are not modelled: unconfirmed."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class Approval(BaseModel):
    model_config = ConfigDict(frozen=True)

    approved_units: int | None  # None: the approval does not count units
    used_units: int
    valid_from: dt.date | None
    valid_until: dt.date | None


def units_left(approval: Approval) -> int | None:
    if approval.approved_units is None:
        return None
    return max(0, approval.approved_units - approval.used_units)


def session_refusals(approval: Approval, on: dt.date) -> list[str]:
    """Why one more session cannot be billed to ``approval`` on ``on``, as sentences (rule
    ``courses.units.within_approval``); empty when it can."""
    reasons: list[str] = []
    if approval.valid_from is not None and on < approval.valid_from:
        reasons.append(f"The approval starts on {approval.valid_from:%d %b %Y}.")
    if approval.valid_until is not None and on > approval.valid_until:
        reasons.append(f"The approval ended on {approval.valid_until:%d %b %Y}.")
    if approval.approved_units is not None and approval.used_units >= approval.approved_units:
        reasons.append(f"All {approval.approved_units} approved sessions are used; a renewal is needed.")
    return reasons


def after_session(approval: Approval) -> Approval:
    """The approval with one more unit used (the caller checked ``session_refusals``)."""
    return approval.model_copy(update={"used_units": approval.used_units + 1})


def days_to_end(approval: Approval, today: dt.date) -> int | None:
    if approval.valid_until is None:
        return None
    return (approval.valid_until - today).days
