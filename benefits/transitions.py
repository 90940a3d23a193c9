"""The prior-authorization case state machine (issue 5), pure Python: no Django, no clock.

The graph is the issue's list::

    draft → documents_needed → ready_to_submit → submitted → pending_payer
    pending_payer → approved | denied | more_information_requested
    denied → appeal → approved | denied

plus these decisions, made here and tested row by row:

- ``draft → ready_to_submit`` directly when the checklist is already complete (a case created
  from an evaluation that already holds every document need not pass through documents_needed).
- ``ready_to_submit → documents_needed`` when an item goes stale before submission (a PHQ-9
  older than the policy's window, a trial corrected).
- ``more_information_requested → ready_to_submit | submitted``: the coordinator gathers the
  payer's requested items, then resubmits (through ready_to_submit when the checklist changed).
- **withdrawn** is reachable from every state in which a request is being prepared or is
  awaiting an answer: draft, documents_needed, ready_to_submit, submitted, pending_payer,
  more_information_requested and appeal. Not from approved (an approval ends by expiring; the
  authorization number stays on record) nor from denied (the denial is the outcome of record;
  not appealing simply leaves the case denied).
- **expired** is reachable from approved (the validity period ended; a renewal is a new case)
  and from more_information_requested (the payer's window for the additional information
  closed without a decision).
- withdrawn and expired are terminal. A same-state request (submitting an already submitted
  case) is a no-op, not an error: see :func:`same_state_is_noop`.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from elevium.lib.errors import Conflict


class PaStatus(StrEnum):
    DRAFT = "draft"  # created from an evaluation; nothing checked yet
    DOCUMENTS_NEEDED = "documents_needed"  # the checklist has missing items
    READY_TO_SUBMIT = "ready_to_submit"  # every checklist item present; not yet sent
    SUBMITTED = "submitted"  # sent to the payer; the decision clock starts at submission
    PENDING_PAYER = "pending_payer"  # payer acknowledged receipt; decision outstanding
    MORE_INFORMATION_REQUESTED = "more_information_requested"  # payer asked for more before deciding
    APPROVED = "approved"  # authorization number, approved units and validity dates recorded
    DENIED = "denied"  # payer refused; may be appealed
    APPEAL = "appeal"  # appeal filed against a denial; decision outstanding
    WITHDRAWN = "withdrawn"  # the clinic stopped the request (patient declined, other treatment)
    EXPIRED = "expired"  # approval validity ended, or an information request lapsed unanswered


_S = PaStatus

ALLOWED: dict[PaStatus, frozenset[PaStatus]] = {
    _S.DRAFT: frozenset({_S.DOCUMENTS_NEEDED, _S.READY_TO_SUBMIT, _S.WITHDRAWN}),
    _S.DOCUMENTS_NEEDED: frozenset({_S.READY_TO_SUBMIT, _S.WITHDRAWN}),
    _S.READY_TO_SUBMIT: frozenset({_S.SUBMITTED, _S.DOCUMENTS_NEEDED, _S.WITHDRAWN}),
    _S.SUBMITTED: frozenset({_S.PENDING_PAYER, _S.WITHDRAWN}),
    _S.PENDING_PAYER: frozenset({_S.APPROVED, _S.DENIED, _S.MORE_INFORMATION_REQUESTED, _S.WITHDRAWN}),
    _S.MORE_INFORMATION_REQUESTED: frozenset({_S.READY_TO_SUBMIT, _S.SUBMITTED, _S.WITHDRAWN, _S.EXPIRED}),
    _S.APPROVED: frozenset({_S.EXPIRED}),
    _S.DENIED: frozenset({_S.APPEAL}),
    _S.APPEAL: frozenset({_S.APPROVED, _S.DENIED, _S.WITHDRAWN}),
    _S.WITHDRAWN: frozenset(),
    _S.EXPIRED: frozenset(),
}

# No way out.
TERMINAL: frozenset[PaStatus] = frozenset(status for status, nexts in ALLOWED.items() if not nexts)

# A payer decision has been given; the case leaves the working queue unless appealed (denied)
# or until it expires (approved; renewal tracking reads the approval, not the status).
DECIDED: frozenset[PaStatus] = frozenset({_S.APPROVED, _S.DENIED})

# The decision clock runs: these are the states the overdue-decision sweep looks at.
AWAITING_PAYER: frozenset[PaStatus] = frozenset({_S.SUBMITTED, _S.PENDING_PAYER, _S.APPEAL})

# Entering these requires a complete document checklist.
CHECKLIST_GATED: frozenset[PaStatus] = frozenset({_S.READY_TO_SUBMIT})


class TransitionRefused(Conflict):
    """Base of both refusals: a 409 with the allowed next states."""

    def __init__(self, current: PaStatus, wanted: PaStatus, message: str) -> None:
        self.current = current
        self.wanted = wanted
        super().__init__(message, status=current, allowed=allowed_next(current))


class IllegalTransition(TransitionRefused):
    def __init__(self, current: PaStatus, wanted: PaStatus) -> None:
        allowed = ", ".join(allowed_next(current)) or "none (terminal)"
        super().__init__(current, wanted, f"cannot go from {current} to {wanted}; allowed: {allowed}")


class ChecklistIncomplete(TransitionRefused):
    def __init__(self, current: PaStatus, wanted: PaStatus, missing: Sequence[str]) -> None:
        self.missing: list[str] = list(missing)
        super().__init__(current, wanted, f"cannot go to {wanted}; missing: {', '.join(self.missing)}")

    # A 400, not a 409: the request is fine once the open items are closed; it lists them.
    status_code = 400

    def body(self) -> dict[str, Any]:
        return {
            "detail": str(self),
            "status": str(self.current),
            "missing": self.missing,
            "checklist": {code: ["required item not satisfied"] for code in self.missing},
        }


def allowed_next(status: PaStatus) -> list[PaStatus]:
    """The allowed next states, sorted by value (a stable order for 409 bodies and buttons)."""
    return sorted(ALLOWED[PaStatus(status)])


def check_transition(current: PaStatus, wanted: PaStatus, *, missing: Sequence[str] | None = None) -> None:
    """Raise unless ``current → wanted`` is allowed; entering ready_to_submit needs ``missing``.

    ``missing`` is the checklist's missing items; it must be given (possibly empty) for a
    transition into a checklist-gated state, so a caller cannot skip the check by omission.
    A same-state request is not a transition: ask :func:`same_state_is_noop` first.
    """
    current, wanted = PaStatus(current), PaStatus(wanted)
    if wanted not in ALLOWED[current]:
        raise IllegalTransition(current, wanted)
    if wanted in CHECKLIST_GATED:
        if missing is None:
            raise TypeError(f"a transition to {wanted} needs the checklist's missing items (may be empty)")
        if missing:
            raise ChecklistIncomplete(current, wanted, missing)


def same_state_is_noop(current: PaStatus, wanted: PaStatus) -> bool:
    """True when the request repeats the current state: a duplicate submission changes nothing.

    Any repeated request is idempotent (a double-clicked "submit", a retried task), so the
    caller returns the case unchanged and records no transition.
    """
    return PaStatus(current) == PaStatus(wanted)


def is_open(status: PaStatus) -> bool:
    """Work remains before a payer decision: neither decided (approved, denied) nor terminal."""
    status = PaStatus(status)
    return status not in TERMINAL and status not in DECIDED
