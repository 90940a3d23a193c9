"""The base of every computed result, and how the hot path builds one without validating it again.

Plain Python, no Django. The eligibility engine builds its report the same way (``trusted``): one
definition for both.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

from pydantic import BaseModel, ConfigDict

M = TypeVar("M", bound=BaseModel)
_new = object.__new__
_set = object.__setattr__


def trusted(cls: type[M], data: dict[str, Any]) -> M:
    """An instance of ``cls`` from values the code built itself out of a validated document, already
    of the declared types and in field order, without validating them again (pydantic's
    ``model_construct`` minus its per-field default and alias handling, which made it slower than
    validation). Validation happens once, at the boundary (the document); the tests round-trip every
    report and computed result through ``model_validate`` to keep this honest.
    """
    instance = _new(cls)
    _set(instance, "__dict__", data)
    _set(instance, "__pydantic_fields_set__", set(data))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


class Result(BaseModel):
    """Base of every computed result: immutable and strict, like the document's sections."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def built(cls, **values: Any) -> Self:
        """``trusted`` with keywords: put in declared order (dumps keep it), every field given (a
        KeyError otherwise, never a silent default)."""
        return trusted(cls, {name: values[name] for name in cls.__pydantic_fields__})
