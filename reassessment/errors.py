"""The reassessment services' errors: the project's (elevium/lib/errors.py), with the allowed
next states of a reassessment's status filled in. The API answers them through the one handler."""

from __future__ import annotations

from collections.abc import Iterable

from elevium.lib import errors

from .transitions import ALLOWED, Status

# The name the services, views and commands of every app raise and catch for a 400.
DocumentInvalid = errors.Invalid


class Conflict(errors.Conflict):
    """A change the reassessment's state does not allow (HTTP 409)."""

    def __init__(self, message: str, *, status: Status, allowed: Iterable[str] | None = None) -> None:
        super().__init__(
            message, status=status, allowed=sorted(ALLOWED[status]) if allowed is None else allowed
        )


class StaleRevision(Conflict):
    def __init__(self, *, status: Status, current: int, given: int) -> None:
        self.current, self.given = current, given
        super().__init__(
            f"this reassessment was saved by someone else (revision {current}, you had {given}); reload it",
            status=status,
        )
