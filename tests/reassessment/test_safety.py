"""The one safety definition (reassessment.safety, criteria.md §10.3), row by row: urgent (C-SSRS
high), banner (urgent, moderate, or PHQ-9 item 9 >= 1 not yet followed by a C-SSRS) and whether the
screen is current (within 30 days of the assessment, day 30 included, and on or after the latest
PHQ-9 with item 9 >= 1). No database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from reassessment.documents import Cssrs, Phq9, ReassessmentDocument
from reassessment.safety import CSSRS_MAX_AGE_DAYS, safety_state

DAY = dt.date(2025, 6, 1)
FIELDS = (
    "wish_to_be_dead",
    "suicidal_thoughts",
    "thoughts_of_method",
    "intent",
    "plan_with_intent",
    "behavior_ever",
    "behavior_within_3_months",
)


def phq(item9: int, *, days_before: int = 0) -> Phq9:
    return Phq9(administered_on=DAY - dt.timedelta(days=days_before), items=(2, 2, 2, 2, 1, 1, 1, 1, item9))


def cssrs(answers: str, *, days_before: int = 0) -> dict[str, Any]:
    tri = {"y": "yes", "n": "no", "?": "unknown"}
    on = DAY - dt.timedelta(days=days_before)
    return Cssrs(administered_on=on, **{f: tri[a] for f, a in zip(FIELDS, answers, strict=True)}).model_dump()


def document(phqs: list[Phq9], screen: dict[str, Any] | None) -> ReassessmentDocument:
    return ReassessmentDocument.model_validate(
        {
            "assessed_on": DAY,
            "patient": {"date_of_birth": "1980-01-01", "sex_at_birth": "female"},
            "measurement": {"phq9": [p.model_dump() for p in phqs]},
            "safety": {"cssrs": screen},
        }
    )


@pytest.mark.parametrize(
    ("phqs", "screen", "urgent", "banner", "current"),
    [
        pytest.param([], None, False, False, False, id="nothing-on-file-is-not-current"),
        pytest.param([phq(1)], None, False, True, False, id="item9-without-cssrs"),
        pytest.param([phq(1)], cssrs("nnnnnn?"), False, False, True, id="item9-then-cssrs-same-day"),
        pytest.param(
            [phq(3)], cssrs("nnnnnn?", days_before=7), False, True, False, id="cssrs-older-than-item9"
        ),
        pytest.param(
            [phq(2, days_before=40), phq(0)],
            cssrs("nnnnnn?", days_before=10),
            False,
            False,
            True,
            id="old-item9-followed",
        ),
        pytest.param([phq(0)], cssrs("yyyynn?"), True, True, True, id="cssrs-high-is-urgent"),
        pytest.param([phq(0)], cssrs("yyynnn?"), False, True, True, id="cssrs-moderate-keeps-the-banner"),
        pytest.param([phq(0)], cssrs("ynnnnyn"), False, True, True, id="past-attempt-moderate"),
        pytest.param([phq(0)], cssrs("yn???n?"), False, False, True, id="cssrs-low"),
        pytest.param(
            [], cssrs("nnnnnn?", days_before=CSSRS_MAX_AGE_DAYS), False, False, True, id="cssrs-day-30"
        ),
        pytest.param(
            [], cssrs("nnnnnn?", days_before=CSSRS_MAX_AGE_DAYS + 1), False, False, False, id="cssrs-day-31"
        ),
        pytest.param([], cssrs("yyyynn?", days_before=400), True, True, False, id="old-high-still-urgent"),
    ],
)
def test_one_safety_definition(
    phqs: list[Phq9], screen: dict[str, Any] | None, urgent: bool, banner: bool, current: bool
) -> None:
    state = safety_state(document(phqs, screen))
    assert (state.urgent, state.banner, state.screen_current) == (urgent, banner, current)
    assert bool(state.reasons) == banner


def test_the_banner_says_to_complete_the_cssrs_today() -> None:
    state = safety_state(document([phq(3)], cssrs("nnnnnn?", days_before=7)))
    assert state.item9_unscreened_score == 3
    assert "complete the C-SSRS today" in state.reasons[-1]


def test_a_past_attempt_stays_named_beside_an_intention_to_act() -> None:
    state = safety_state(document([], cssrs("yyyynyn")))
    assert state.urgent
    text = " ".join(state.reasons)
    assert "Q4" in text and "Q6" in text
