"""Suicide-risk facts (criteria.md §5.1, §5.3, §10.3): the C-SSRS level, how far an incomplete
screener could reach, the latest PHQ-9 and its item 9."""

from __future__ import annotations

from reassessment.dates import day
from reassessment.documents import Cssrs, Phq9, ReassessmentDocument
from reassessment.safety import SafetyState, safety_state
from reassessment.scales import CSSRS_QUESTIONS, CssrsFloor, CssrsResult, cssrs_result

from .. import parameters as P

_RISK_RANK: dict[str, int] = {"none": 0, "low": 1, "moderate": 2, "high": 3}


class RiskFacts:
    __slots__ = (
        "safety",
        "cssrs",
        "cssrs_on_file",
        "cssrs_floor",
        "cssrs_ceiling",
        "cssrs_text",
        "latest_phq9",
        "latest_phq9_total",
        "item9",
        "cssrs_required",
    )

    def __init__(self, document: ReassessmentDocument) -> None:
        raw = document.safety.cssrs
        self.safety: SafetyState = safety_state(document)
        result: CssrsResult = self.safety.cssrs
        self.cssrs = result
        self.cssrs_on_file = raw is not None
        self.cssrs_floor: CssrsFloor = result.at_least
        self.cssrs_ceiling: CssrsFloor = _ceiling(raw, result)
        self.cssrs_text = _cssrs_text(raw, result, self.cssrs_ceiling)
        phqs = document.measurement.phq9
        # Same-day ties: the highest item 9 (the cautious reading, as scales.safety_flag).
        latest: Phq9 | None = (
            max(phqs, key=lambda p: (p.administered_on, p.items[8], p.items)) if phqs else None
        )
        self.latest_phq9 = latest
        self.latest_phq9_total = sum(latest.items) if latest is not None else None
        self.item9 = latest.items[8] if latest is not None else None
        self.cssrs_required = self.item9 is not None and self.item9 >= P.PHQ9_ITEM9_CSSRS_THRESHOLD.value

    def at_least(self, level: str) -> bool:
        return _RISK_RANK[self.cssrs_floor] >= _RISK_RANK[level]

    def could_reach(self, level: str) -> bool:
        """Not confirmed, but could be: the C-SSRS is incomplete, or a PHQ-9 with item 9 >= 1 came
        after it (or there is none), so the screen no longer speaks for now."""
        if self.at_least(level):
            return False
        if self.safety.item9_unscreened_on is not None:
            return True
        if not self.cssrs_on_file:
            return False
        return _RISK_RANK[self.cssrs_ceiling] >= _RISK_RANK[level]


def _ceiling(raw: Cssrs | None, result: CssrsResult) -> CssrsFloor:
    """The level the screener would reach if every unanswered question were "yes"."""
    if raw is None:
        return "none"
    if result.level != "unknown":
        return result.at_least
    worst = raw.model_copy(
        update={field: "yes" for field in CSSRS_QUESTIONS if getattr(raw, field) == "unknown"}
    )
    # Skip logic is kept (Q2 "no" still skips Q3-Q5), so the unvalidated copy is consistent.
    return cssrs_result(worst).at_least


def _cssrs_text(raw: Cssrs | None, result: CssrsResult, ceiling: CssrsFloor) -> str:
    if raw is None:
        return "No C-SSRS screener is on file"
    on = day(raw.administered_on)
    if result.level == "unknown":
        return f"The C-SSRS of {on} is incomplete (at least {result.at_least}, could be {ceiling})"
    shown = "no" if result.level == "none" else result.level
    return f"The C-SSRS of {on} shows {shown} risk"
