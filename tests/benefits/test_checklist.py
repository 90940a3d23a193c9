"""The checklist, table-driven, without the database (criteria.md §3.6, §3.7, §7.2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from benefits.checklist import derive_checklist, missing
from eligibility.engine.models import CoveragePolicy, PolicyRequirements
from reassessment.demo import full_document
from reassessment.documents import ReassessmentDocument

TODAY = dt.date(2026, 3, 2)


def _doc(**changes: Any) -> ReassessmentDocument:
    data = full_document(assessed_on=TODAY, date_of_birth=dt.date(1979, 4, 2))
    data.update(changes)
    return ReassessmentDocument.model_validate(data)


def _policy(treatment: str = "tms", **requirements: Any) -> CoveragePolicy:
    return CoveragePolicy(payer="P", treatment=treatment, requirements=PolicyRequirements(**requirements))


def _state(entries: Any) -> dict[str, bool]:
    return {e.code: e.satisfied for e in entries}


OLD_PHQ9 = [{"administered_on": "2025-11-01", "items": [3, 3, 2, 2, 2, 2, 2, 1, 0]}]
UNDATED = [
    {
        "drug": "sertraline",
        "daily_dose_mg": 150,
        "duration_weeks": 12,
        "outcome": "no_response",
        "current_episode": "yes",
    },
    {
        "drug": "venlafaxine",
        "daily_dose_mg": 225,
        "duration_weeks": 10,
        "outcome": "no_response",
        "current_episode": "yes",
    },
]

CASES = [
    ("two failed trials with dates", {"min_failed_trials": 2}, {}, "failed_trials", True),
    ("four needed, three documented", {"min_failed_trials": 4}, {}, "failed_trials", False),
    (
        "counted trials without dates",
        {"min_failed_trials": 2},
        {"medication_trials": UNDATED},
        "failed_trials",
        False,
    ),
    ("two classes", {"min_classes": 2}, {}, "trial_classes", True),
    ("psychotherapy on file", {"psychotherapy_required": True}, {}, "psychotherapy", True),
    (
        "no psychotherapy",
        {"psychotherapy_required": True},
        {"psychotherapy_trials": []},
        "psychotherapy",
        False,
    ),
    ("PHQ-9 today within 30 days", {"phq9_within_days": 30}, {}, "phq9_recent", True),
    (
        "PHQ-9 four months old",
        {"phq9_within_days": 30},
        {"measurement": {"phq9": OLD_PHQ9}},
        "phq9_recent",
        False,
    ),
    ("severe episode", {"severe_episode_only": True}, {}, "severity", True),
    ("augmentation on file", {"augmentation_required": True}, {}, "augmentation", True),
    ("adult", {"min_age": 18}, {}, "min_age", True),
]


@pytest.mark.parametrize(
    ("name", "requirements", "changes", "code", "satisfied"), CASES, ids=[c[0] for c in CASES]
)
def test_a_requirement_item_is_satisfied_from_the_record(
    name: str, requirements: dict[str, Any], changes: dict[str, Any], code: str, satisfied: bool
) -> None:
    entries = derive_checklist(
        treatment="tms",
        policy=_policy(**requirements),
        documents_wanted=(),
        document=_doc(**changes),
        as_of=TODAY,
    )
    entry = next(e for e in entries if e.code == code)
    assert entry.satisfied is satisfied, entry
    assert bool(entry.closes_with) is not satisfied


def test_requirements_the_policy_does_not_set_are_not_listed() -> None:
    entries = derive_checklist(
        treatment="tms", policy=_policy(), documents_wanted=(), document=_doc(), as_of=TODAY
    )
    assert [e.code for e in entries] == [
        "diagnosis",
        "baseline_scale",
        "no_contraindications",
        "psychiatrist_order",
        "tms_plan",
    ]


@pytest.mark.parametrize(
    ("treatment", "wanted", "manual"),
    [
        ("tms", (), ["psychiatrist_order", "tms_plan"]),
        ("spravato", ("pdmp_check",), ["rems_enrolment", "pdmp_check"]),
        ("ketamine", ("letter_of_medical_necessity",), ["letter_of_medical_necessity"]),
    ],
)
def test_manual_items_start_open(treatment: str, wanted: tuple[str, ...], manual: list[str]) -> None:
    entries = derive_checklist(
        treatment=treatment, policy=_policy(treatment), documents_wanted=wanted, document=_doc(), as_of=TODAY
    )
    assert [e.code for e in entries if not e.auto] == manual
    assert set(manual) <= set(missing(entries))


def test_an_unknown_document_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown checklist item"):
        derive_checklist(
            treatment="tms", policy=None, documents_wanted=("fax",), document=_doc(), as_of=TODAY
        )


def test_without_a_stored_report_the_clinical_item_stays_open() -> None:
    entries = derive_checklist(
        treatment="tms", policy=None, documents_wanted=(), document=_doc(), as_of=TODAY
    )
    assert _state(entries)["no_contraindications"] is False
