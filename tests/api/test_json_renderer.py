"""The API's orjson renderer writes what DRF's own renderer writes, or lets DRF write it."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import typing
import uuid

import pytest
from pydantic import BaseModel
from rest_framework.renderers import JSONRenderer as DrfRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from elevium.lib.renderers import JSONRenderer, rendered_model
from eligibility.engine import CandidacyReport, evaluate
from reassessment.demo import evaluation_variants, full_document
from reassessment.documents import ReassessmentDocument

SAMPLES = [
    {
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "n": 3,
        "x": 0.1,
        "s": "Zoë «ok»",
        "none": None,
    },
    ReturnDict({"a": ReturnList([1, 2.5, True], serializer=None)}, serializer=None),
    {"when": dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC), "day": dt.date(2026, 1, 2)},
    {"money": decimal.Decimal("12.30")},
    {1: "non-string key"},
    {"big": 2**70},
    [{"nested": [{"deep": [1, {"k": "v"}]}]}],
    {"detail": "A sentence for people."},
]


@pytest.mark.parametrize("data", SAMPLES)
def test_the_same_bytes_as_drf(data: object) -> None:
    assert JSONRenderer().render(data) == DrfRenderer().render(data)


def test_floats_in_exponent_form_keep_their_value() -> None:
    """orjson writes 1e-7 where the standard library writes 1e-07: the same number."""
    data = {"tiny": 1e-7, "huge": 1e300, "neg": -0.0, "third": 1 / 3}
    assert json.loads(JSONRenderer().render(data)) == json.loads(DrfRenderer().render(data)) == data


def test_the_evaluation_report_renders_the_same() -> None:
    raw = full_document(assessed_on=dt.date(2026, 3, 2), date_of_birth=dt.date(1979, 4, 2))
    report = evaluate(ReassessmentDocument.model_validate(raw)).model_dump(mode="json")
    rendered = JSONRenderer().render(report)
    assert rendered == DrfRenderer().render(report)
    assert json.loads(rendered) == report


@pytest.mark.parametrize(
    "data",
    [
        {"x": float("nan"), "y": None},
        {"y": None, "rows": [{"a": "b"}, {"c": [1, (2.5, float("inf"))]}]},
        ReturnList([ReturnDict({"z": None, "w": -float("inf")}, serializer=None)], serializer=None),
    ],
)
def test_nan_is_refused_as_drf_refuses_it(data: object) -> None:
    for renderer in (JSONRenderer(), DrfRenderer()):
        with pytest.raises(ValueError):
            renderer.render(data)


def test_finite_floats_beside_nulls_render_as_drf_renders_them() -> None:
    data = {"y": None, "rows": [{"a": 1.5, "b": True}, {"c": [0, (2.25, None)]}]}
    assert JSONRenderer().render(data) == DrfRenderer().render(data)


def test_an_indent_asked_for_is_honoured() -> None:
    data = {"a": [1, 2]}
    media = "application/json; indent=2"
    assert JSONRenderer().render(data, media) == DrfRenderer().render(data, media)


def _reports() -> list[CandidacyReport]:
    day, born = dt.date(2026, 3, 2), dt.date(1979, 4, 2)
    documents = [
        full_document(assessed_on=day, date_of_birth=born),
        full_document(assessed_on=day, date_of_birth=born, item9=2, cssrs_intent="yes"),
        *evaluation_variants(assessed_on=day, date_of_birth=born, sex_at_birth="female").values(),
    ]
    return [evaluate(ReassessmentDocument.model_validate(document)) for document in documents]


def test_a_report_written_by_pydantic_is_the_bytes_drf_writes() -> None:
    """The evaluate-preview API answers ``rendered_model(report)``: byte for byte what DRF writes
    for the dumped report, for every demo status (urgent flag, crisis steps, each status)."""
    reports = _reports()
    assert len({r.treatments[0].status for r in reports}) >= 3
    for report in reports:
        dumped = report.model_dump(mode="json")
        assert JSONRenderer().render(rendered_model(report)) == DrfRenderer().render(dumped)
        media = "application/json; indent=2"
        assert JSONRenderer().render(rendered_model(report), media) == DrfRenderer().render(dumped, media)


def _float_fields(model: type[BaseModel], seen: set[type] | None = None) -> list[str]:
    seen = set() if seen is None else seen
    seen.add(model)
    found = []
    for name, field in model.model_fields.items():
        for kind in typing_args(field.annotation):
            if kind is float:
                found.append(f"{model.__name__}.{name}")
            elif isinstance(kind, type) and issubclass(kind, BaseModel) and kind not in seen:
                found += _float_fields(kind, seen)
    return found


def typing_args(annotation: object) -> list[object]:
    """Every type named in an annotation (``tuple[X, ...] | None`` gives X and NoneType)."""
    args = typing.get_args(annotation)
    return [annotation] if not args else [t for arg in args for t in typing_args(arg)]


def test_the_report_has_no_float_a_nan_could_hide_in() -> None:
    """pydantic writes a NaN float as null where DRF refuses it: ``rendered_model`` is kept to
    models without floats."""
    assert _float_fields(CandidacyReport) == []
