"""The errors services raise, each knowing its HTTP answer; one DRF handler sends it.

Plain Python, no Django or DRF: the pure domain modules (PA transitions) raise these too. The
API's one ``EXCEPTION_HANDLER`` (``elevium.lib.api_errors.exception_handler``) answers
``status_code`` with ``body()``; HTML views catch the same classes and show form errors.

- ``Invalid`` (400): every problem by field path (``medication_trials.2.daily_dose_mg``).
- ``Refused`` (409): the record's state does not allow the change; ``detail`` alone.
- ``Conflict`` (409): the same, with the current status and the statuses allowed from it.
- ``StaleRevision`` (409): someone saved since the revision the caller started from.

The bodies are the shapes elevium/lib/api_errors.py documents for the OpenAPI schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from pydantic import ValidationError


class DomainError(Exception):
    """A refusal the caller can act on (never a bug): an answer, not a 500."""

    status_code: ClassVar[int] = 400

    def body(self) -> dict[str, Any]:
        return {"detail": str(self)}


class Invalid(DomainError):
    """Every problem with the input, keyed by path (``medication_trials.2.daily_dose_mg``)."""

    status_code = 400

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} invalid field(s)")

    @classmethod
    def from_pydantic(cls, exc: ValidationError, *, prefix: str = "") -> Invalid:
        errors: dict[str, list[str]] = {}
        for error in exc.errors(include_url=False, include_input=False):
            path = ".".join(str(part) for part in error["loc"]) or "non_field_errors"
            if prefix:
                path = f"{prefix}.{path}" if path != "non_field_errors" else prefix
            message = error["msg"].removeprefix("Value error, ")
            errors.setdefault(path, []).append(message)
        return cls(errors)

    def body(self) -> dict[str, Any]:
        return dict(self.errors)


class Refused(DomainError):
    """The record's state refuses the change (an ended coverage ended again, a second batch)."""

    status_code = 409


class Conflict(Refused):
    """An illegal state change: the answer names the current status and the allowed next ones.

    ``status`` is any status's value (a reassessment's, a PA case's): a ``StrEnum`` member is a
    ``str``, so each app passes its own.
    """

    def __init__(self, message: str, *, status: str, allowed: Iterable[str]) -> None:
        self.status = status
        self.allowed: list[str] = list(allowed)
        super().__init__(message)

    def body(self) -> dict[str, Any]:
        return {"detail": str(self), "status": str(self.status), "allowed": [str(s) for s in self.allowed]}


class StaleRevision(Conflict):
    """Someone saved the record since revision ``given``; it is at ``current`` now: reload."""

    def __init__(
        self, message: str, *, status: str, allowed: Iterable[str], current: int, given: int
    ) -> None:
        self.current, self.given = current, given
        super().__init__(message, status=status, allowed=allowed)
