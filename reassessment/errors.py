"""Errors the reassessment services raise; views and the API turn them into 400 and 409."""

from __future__ import annotations

from pydantic import ValidationError

from .transitions import ALLOWED, Status


class DocumentInvalid(Exception):
    """Every problem with a submitted document, keyed by path (``medication_trials.2.daily_dose_mg``)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} invalid field(s)")

    @classmethod
    def from_pydantic(cls, exc: ValidationError, *, prefix: str = "") -> DocumentInvalid:
        errors: dict[str, list[str]] = {}
        for error in exc.errors(include_url=False, include_input=False):
            path = ".".join(str(part) for part in error["loc"]) or "non_field_errors"
            if prefix:
                path = f"{prefix}.{path}" if path != "non_field_errors" else prefix
            message = error["msg"].removeprefix("Value error, ")
            errors.setdefault(path, []).append(message)
        return cls(errors)


class Conflict(Exception):
    """A change the reassessment's state does not allow (HTTP 409)."""

    def __init__(self, message: str, *, status: Status, allowed: list[Status] | None = None) -> None:
        self.status = status
        self.allowed = sorted(ALLOWED[status]) if allowed is None else allowed
        super().__init__(message)


class StaleRevision(Conflict):
    def __init__(self, *, status: Status, current: int, given: int) -> None:
        self.current, self.given = current, given
        super().__init__(
            f"this reassessment was saved by someone else (revision {current}, you had {given}); reload it",
            status=status,
        )
