"""The one safety definition (criteria.md §10.3): what is urgent, what keeps the banner up, and
whether the suicide-risk screen is current. Used by the reassessment banner, the eligibility
engine and the report, so the three can never disagree.

Pure Python, no Django. Every date is judged against the document's own assessment date, never
the day the code runs (criteria.md §10.1 `common.as_of`).

- **urgent**: the C-SSRS on file is at high risk (criteria.md §5.3).
- **banner**: urgent, or the C-SSRS is at (at least) moderate risk, or a PHQ-9 with item 9 ≥ 1 has
  no C-SSRS on or after its date.
- **screen current** (`common.suicide.screen_current`): a C-SSRS dated within 30 days of the
  assessment (day 30 included) and on or after the latest PHQ-9 whose item 9 ≥ 1.
"""

from __future__ import annotations

import datetime as dt

from .dates import day
from .documents import Phq9, ReassessmentDocument
from .results import Result
from .scales import PHQ9_ITEM9_CSSRS_THRESHOLD, CssrsResult, cssrs_result

# criteria.md §10.3 (clinic parameter, unconfirmed): the screener asks about the past month.
CSSRS_MAX_AGE_DAYS = 30
_RANK = {"none": 0, "low": 1, "moderate": 2, "high": 3}


class SafetyState(Result):
    urgent: bool
    banner: bool
    cssrs: CssrsResult
    cssrs_age_days: int | None  # days from the C-SSRS to the assessment; None: no C-SSRS
    screen_current: bool
    # The latest PHQ-9 with item 9 >= 1 that no C-SSRS followed (its date), if any.
    item9_unscreened_on: dt.date | None
    item9_unscreened_score: int | None
    reasons: tuple[str, ...]  # sentences for the banner and the report, most serious first


def latest_item9_positive(phqs: tuple[Phq9, ...]) -> Phq9 | None:
    """The latest PHQ-9 scoring item 9 at or above the C-SSRS threshold (highest item 9 on a tie)."""
    positive = [phq for phq in phqs if phq.items[8] >= PHQ9_ITEM9_CSSRS_THRESHOLD]
    return max(positive, key=lambda p: (p.administered_on, p.items[8]), default=None)


def safety_state(document: ReassessmentDocument) -> SafetyState:
    """Urgent flag, banner and screen currency of one document (criteria.md §5.3, §10.3)."""
    raw = document.safety.cssrs
    cssrs = cssrs_result(raw)
    assessed_on = document.assessed_on
    reasons: list[str] = []
    urgent = cssrs.at_least == "high"
    if urgent:
        reasons.append("The C-SSRS shows high risk: " + " ".join(r for r in cssrs.reasons if "risk." in r))
    elif _RANK[cssrs.at_least] >= _RANK["moderate"]:
        reasons.append(
            "The C-SSRS shows moderate risk: " + " ".join(r for r in cssrs.reasons if "risk." in r)
        )

    age = (assessed_on - raw.administered_on).days if raw is not None else None
    flagged = latest_item9_positive(document.measurement.phq9)
    unscreened = (
        flagged
        if flagged is not None and (raw is None or raw.administered_on < flagged.administered_on)
        else None
    )
    if unscreened is not None:
        after = (
            "no C-SSRS is on file"
            if raw is None
            else (f"the only C-SSRS on file ({day(raw.administered_on)}) is older")
        )
        reasons.append(
            f"The PHQ-9 of {day(unscreened.administered_on)} scores {unscreened.items[8]} on item 9 "
            f"(thoughts of being better off dead or of self-harm) and {after}: complete the C-SSRS today."
        )
    current = age is not None and 0 <= age <= CSSRS_MAX_AGE_DAYS and unscreened is None
    banner = urgent or _RANK[cssrs.at_least] >= _RANK["moderate"] or unscreened is not None
    return SafetyState.built(
        urgent=urgent,
        banner=banner,
        cssrs=cssrs,
        cssrs_age_days=age,
        screen_current=current,
        item9_unscreened_on=unscreened.administered_on if unscreened is not None else None,
        item9_unscreened_score=unscreened.items[8] if unscreened is not None else None,
        reasons=tuple(reasons),
    )
