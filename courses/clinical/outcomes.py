"""Response, remission and non-response at a review point (criteria.md §5.2)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from . import parameters as p

Scale = Literal["phq9", "madrs", "hamd17"]
Band = Literal["response", "partial", "nonresponse"]


class Outcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    scale: Scale
    baseline: int
    latest: int
    improvement_percent: float | None  # None when the baseline is 0: no drop can be measured
    band: Band | None
    response: bool
    remission: bool
    rule_ids: tuple[str, ...]


def improvement_percent(baseline: int, latest: int) -> float | None:
    """Drop from baseline as a percentage of it (negative when worse); None at baseline 0."""
    if baseline <= 0:
        return None
    return round((baseline - latest) * 100 / baseline, 1)


def _check_score(scale: Scale, score: int) -> None:
    if not 0 <= score <= p.SCALE_MAX.value[scale]:
        raise ValueError(f"{scale} total out of range")


def band_of(percent: float | None) -> Band | None:
    if percent is None:
        return None
    if percent >= p.RESPONSE_PERCENT.value:
        return "response"
    return "partial" if percent >= p.PARTIAL_PERCENT.value else "nonresponse"


def remitted(scale: Scale, score: int) -> bool:
    """PHQ-9 < 5, MADRS ≤ 10, HAM-D17 ≤ 7 (criteria.md §5.2)."""
    return score < p.REMISSION_BELOW.value[scale]


def assess(scale: Scale, baseline: int, latest: int) -> Outcome:
    """``courses.outcome.response`` (≥ 50 % drop) and ``courses.outcome.remission`` on one scale."""
    _check_score(scale, baseline)
    _check_score(scale, latest)
    percent = improvement_percent(baseline, latest)
    band = band_of(percent)
    response, remission = band == "response", remitted(scale, latest)
    ids = tuple(
        rule
        for rule, fired in (("courses.outcome.response", response), ("courses.outcome.remission", remission))
        if fired
    )
    return Outcome(
        scale=scale,
        baseline=baseline,
        latest=latest,
        improvement_percent=percent,
        band=band,
        response=response,
        remission=remission,
        rule_ids=ids,
    )


def review_point(treatment: str) -> int:
    """The session after which non-response is judged (clinic parameter, unconfirmed)."""
    return p.REVIEW_SESSION.value[treatment]


def non_response_at_review(treatment: str, sessions_done: int, outcome: Outcome | None) -> bool:
    """``courses.outcome.non_response_at_review``: the review point is reached and the drop is
    below the review threshold (< 25 %, criteria.md §5.2; the point itself is unconfirmed).
    Unknown (no outcome, or a baseline of 0) is not flagged as non-response."""
    if outcome is None or outcome.improvement_percent is None:
        return False
    if sessions_done < review_point(treatment):
        return False
    return outcome.improvement_percent < p.REVIEW_MIN_IMPROVEMENT.value
