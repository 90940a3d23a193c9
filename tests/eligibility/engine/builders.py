"""Documents for the engine tests: the demo document (reassessment.demo) with named changes.

``document(...)`` starts from a complete, unremarkable adult: two adequate failed trials in the
current episode (sertraline, venlafaxine) plus an augmentation, an ongoing third one (bupropion),
no hypertension, C-SSRS low risk, everything else recorded and clear, so that every treatment is
``eligible`` and each table row changes one fact.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from eligibility.engine import CandidacyReport, CoveragePolicy, evaluate
from reassessment.demo import full_document
from reassessment.documents import ReassessmentDocument

AS_OF = dt.date(2026, 3, 2)
ADULT_DOB = dt.date(1980, 5, 17)


def born_aged(years: int, *, days_after_birthday: int = 30) -> dt.date:
    """A date of birth giving exactly ``years`` completed years on AS_OF."""
    return dt.date(AS_OF.year - years, AS_OF.month, AS_OF.day) - dt.timedelta(days=days_after_birthday)


def weeks_ago(weeks: float) -> str:
    return (AS_OF - dt.timedelta(weeks=weeks)).isoformat()


def trial(drug: str, dose: float | None, weeks: float | None, **fields: Any) -> dict[str, Any]:
    """A trial in the current episode with no response unless told otherwise."""
    row: dict[str, Any] = {
        "drug": drug,
        "daily_dose_mg": dose,
        "duration_weeks": weeks,
        "adherence": "good",
        "outcome": "no_response",
        "current_episode": "yes",
    }
    return row | fields


def ongoing(drug: str, dose: float, weeks: float, **fields: Any) -> dict[str, Any]:
    return trial(drug, dose, None, start_date=weeks_ago(weeks), ongoing=True) | fields


SERTRALINE = trial("sertraline", 150, 12)
VENLAFAXINE = trial("venlafaxine", 225, 10, outcome="partial_response")


def merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge ``changes`` into a copy of ``base``; a list or scalar replaces."""
    result = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def raw(
    *, date_of_birth: dt.date = ADULT_DOB, sex_at_birth: str = "female", **changes: Any
) -> dict[str, Any]:
    base = full_document(assessed_on=AS_OF, date_of_birth=date_of_birth, sex_at_birth=sex_at_birth)
    base = merge(base, {"medical": {"hypertension": "none"}})
    return merge(base, changes)


def document(**changes: Any) -> ReassessmentDocument:
    return ReassessmentDocument.model_validate(raw(**changes))


def run(doc: ReassessmentDocument, *policies: CoveragePolicy) -> CandidacyReport:
    return evaluate(doc, policies=policies)


def statuses(report: CandidacyReport) -> dict[str, str]:
    return {result.treatment: result.status for result in report.treatments}


def criterion(report: CandidacyReport, treatment: str, rule_id: str) -> Any:
    result = next(r for r in report.treatments if r.treatment == treatment)
    matches = [c for c in result.criteria if c.rule_id == rule_id]
    assert len(matches) == 1, f"{rule_id} evaluated {len(matches)} times for {treatment}"
    return matches[0]


def result_for(report: CandidacyReport, treatment: str) -> Any:
    return next(r for r in report.treatments if r.treatment == treatment)


def assert_row(
    changes: dict[str, Any], expected: tuple[str, str, str], rules: list[tuple[str, str, str]]
) -> None:
    """One decision-table row: the statuses for TMS, Spravato and ketamine, and the deciding rules."""
    report = run(document(**changes))
    assert statuses(report) == dict(zip(("tms", "spravato", "ketamine"), expected, strict=True))
    for treatment, rule_id, outcome in rules:
        assert criterion(report, treatment, rule_id).outcome == outcome, (treatment, rule_id)
