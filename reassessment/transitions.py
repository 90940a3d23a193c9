"""Which status may follow which. Plain Python: the services enforce it, the API answers 409
with the allowed next states when a change is not one of them."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"  # being filled in; editable
    COMPLETE = "complete"  # the clinician says it is ready to sign; an edit returns it to draft
    SIGNED = "signed"  # immutable; a correction is an amendment (a new version)
    AMENDED = "amended"  # signed, then replaced by a signed amendment; still readable


ALLOWED: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.COMPLETE}),
    Status.COMPLETE: frozenset({Status.SIGNED, Status.DRAFT}),
    Status.SIGNED: frozenset({Status.AMENDED}),
    Status.AMENDED: frozenset(),
}

EDITABLE = frozenset({Status.DRAFT, Status.COMPLETE})


class IllegalTransition(Exception):
    def __init__(self, current: Status, wanted: Status) -> None:
        self.current, self.wanted = current, wanted
        self.allowed = sorted(ALLOWED[current])
        super().__init__(f"a {current} reassessment cannot become {wanted}")


def check_transition(current: Status, wanted: Status) -> None:
    if wanted not in ALLOWED[current]:
        raise IllegalTransition(current, wanted)
