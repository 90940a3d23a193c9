"""Every string of the document refuses U+0000 (PostgreSQL text and jsonb cannot hold it), through
the one ``Text`` type, field by field: a new ``str`` field without it would be caught here."""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

import pytest
from pydantic import AfterValidator, BaseModel, ValidationError

from reassessment import documents as d
from reassessment.demo import full_document


def _plain_strings(annotation: Any, metadata: list[Any]) -> int:
    """How many ``str`` in the annotation go without the NUL check."""
    checked = any(isinstance(m, AfterValidator) and m.func is d._no_nul for m in metadata)
    if annotation is str:
        return 0 if checked else 1
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _plain_strings(inner, [*metadata, *extra])
    return sum(_plain_strings(arg, []) for arg in typing.get_args(annotation))


def _models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    stack: list[type[BaseModel]] = [d.ReassessmentDocument]
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.append(model)
        for field in model.model_fields.values():
            stack.extend(_nested(field.annotation))
    return seen


def _nested(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _nested(arg)]


def test_no_string_field_of_the_document_goes_without_the_nul_check() -> None:
    models = _models()
    assert d.MedicationTrial in models and d.Implant in models  # the walk reaches nested lists
    unchecked = [
        f"{model.__name__}.{name}"
        for model in models
        for name, field in model.model_fields.items()
        if _plain_strings(field.annotation, field.metadata)
    ]
    assert unchecked == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("safety", "safety_plan"), "Crisis line\x00"),
        (("co_occurring", "other"), "\x00"),
        (("diagnosis", "icd10_code"), "F33.2\x00"),
    ],
)
def test_a_nul_anywhere_is_refused_at_its_field(path: tuple[str, str], value: str) -> None:
    raw = full_document(assessed_on=dt.date(2026, 3, 2), date_of_birth=dt.date(1979, 4, 2))
    raw[path[0]][path[1]] = value
    with pytest.raises(ValidationError) as refused:
        d.ReassessmentDocument.model_validate(raw)
    errors = refused.value.errors()
    assert [e["loc"] for e in errors] == [path]
    assert "contains a NUL character (U+0000)" in errors[0]["msg"]
