"""The engine's reports, byte for byte, on a fixed corpus: a refactor or speed-up changes nothing.

``golden_reports.json`` holds the SHA-256 of each report's ``model_dump_json()``, of the
completeness list and of the date errors, for every demo document, the generated 1-50-trial
documents of the benchmark and the demo document with payer policies, plus the document's JSON
schema. It was written from the engine before the issue-11 split; regenerate it only for an
intended change of output:
``python -m tests.eligibility.engine.test_golden_reports``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from eligibility.engine import evaluate
from reassessment.completeness import completeness
from reassessment.dates import date_errors
from reassessment.demo import evaluation_variants, full_document, second_edition_variants
from reassessment.documents import ReassessmentDocument
from tests.benchmarks.bench_engine import POLICIES, corpus

GOLDEN = Path(__file__).with_name("golden_reports.json")
AS_OF = dt.date(2026, 3, 2)
BORN = dt.date(1979, 4, 2)


def documents() -> dict[str, dict[str, object]]:
    named: dict[str, dict[str, object]] = {}
    for sex in ("female", "male"):
        for name, doc in evaluation_variants(assessed_on=AS_OF, date_of_birth=BORN, sex_at_birth=sex).items():
            named[f"variant:{sex}:{name}"] = doc
        for name, doc in second_edition_variants(
            assessed_on=AS_OF, date_of_birth=BORN, sex_at_birth=sex
        ).items():
            named[f"second:{sex}:{name}"] = doc
    named["high_risk"] = full_document(assessed_on=AS_OF, date_of_birth=BORN, item9=2, cssrs_intent="yes")
    for index, doc in enumerate(corpus()):
        named[f"corpus:{index}"] = doc
    return named


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def digests() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, raw in documents().items():
        document = ReassessmentDocument.model_validate(raw)
        out[name] = _digest(evaluate(document).model_dump_json())
        out[f"{name}+policies"] = _digest(evaluate(document, policies=POLICIES).model_dump_json())
        out[f"{name}:completeness"] = _digest(
            json.dumps([item.model_dump(mode="json") for item in completeness(document)], sort_keys=True)
        )
        out[f"{name}:date_errors"] = _digest(json.dumps(date_errors(document, today=AS_OF), sort_keys=True))
    out["document_schema"] = _digest(json.dumps(ReassessmentDocument.model_json_schema(), sort_keys=True))
    return out


@pytest.fixture(scope="module")
def actual() -> dict[str, str]:
    return digests()


def test_every_report_is_byte_identical_to_the_golden_one(actual: dict[str, str]) -> None:
    expected = json.loads(GOLDEN.read_text())
    assert sorted(actual) == sorted(expected)
    changed = [name for name in expected if actual[name] != expected[name]]
    assert changed == []


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(digests(), indent=1, sort_keys=True) + "\n")
