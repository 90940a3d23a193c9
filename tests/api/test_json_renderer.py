"""The API's orjson renderer writes what DRF's own renderer writes, or lets DRF write it."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid

import pytest
from rest_framework.renderers import JSONRenderer as DrfRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from elevium.lib.renderers import JSONRenderer
from eligibility.engine import evaluate
from reassessment.demo import full_document
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
