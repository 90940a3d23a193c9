"""Every sentence the report shows a clinician or payer is written for people (issue 10, "The report a
clinician reads"): no field keys or rule ids, no criteria.md anchors, no "(s)" plurals, no "?"
placeholders, no "none risk". Checked over every row of both decision tables, with a strict policy
for each treatment so that the payer sentences are read too."""

from __future__ import annotations

import re
from typing import Any

import pytest

from eligibility.engine import CandidacyReport, CoveragePolicy

from .builders import document, run
from .test_decision_table import ROWS as FIRST_EDITION
from .test_decision_table import STRICT
from .test_second_edition import ROWS as SECOND_EDITION

# Field keys, anchors, "(s)", "none risk", "?", and a drug class's code written as a word ("ndri").
DEVELOPER_WORDING = re.compile(
    r"\b[a-z0-9]+_[a-z0-9_]+\b|criteria\.md|§|\(s\)|none risk|\?|\b(?:ssri|snri|ndri|nassa|tca|maoi|sari)\b"
)
EVERY_REQUIREMENT = STRICT.model_copy(
    update={
        "intolerance_credited": True,
        "excluded_if_seizure_disorder": True,
        "excluded_if_neurological": True,
        "excluded_if_cerebrovascular": True,
        "excluded_if_raised_icp": True,
        "excluded_if_recent_substance_misuse": True,
        "retreatment_needs_prior_response": True,
    }
)
POLICIES = [
    CoveragePolicy(payer="Plan", treatment=t, requirements=EVERY_REQUIREMENT)
    for t in ("tms", "spravato", "ketamine")
]


def shown_text(report: CandidacyReport) -> list[str]:
    texts = [*report.next_steps, *report.missing_information, *report.workup, *report.safety_reasons]
    texts += [report.staging.text, *(option.rationale for option in report.ranking), *report.crisis_steps]
    for result in report.treatments:
        texts += [result.summary, *result.missing_information, *result.next_steps, *result.cautions]
        texts += [criterion.rationale for criterion in result.criteria]
        texts += [factor.rationale for factor in result.breakdown]
        texts += [f"{gap.requirement} {gap.rationale} {gap.closes_with}" for gap in result.pa_gaps]
    return texts


@pytest.mark.parametrize(
    "changes", [pytest.param(row.values[0], id=row.id) for row in (*FIRST_EDITION, *SECOND_EDITION)]
)
def test_the_report_is_written_for_people(changes: dict[str, Any]) -> None:
    report = run(document(**changes), *POLICIES)
    problems = [(match, text) for text in shown_text(report) for match in DEVELOPER_WORDING.findall(text)]
    assert not problems
