"""Suicide-risk rules for every treatment (criteria.md §5.1, §5.3, §10.3): the screen must be
current, high risk raises the urgent safety flag, moderate risk caps the status."""

from __future__ import annotations

import functools

from reassessment.dates import day

from .. import parameters as P
from ..facts import Facts
from ..models import Treatment
from ..words import plural
from . import Finding, caution_unknown, met, not_met, same_for_every_treatment, unknown

STEP_CSSRS = "Complete the C-SSRS screener"


@same_for_every_treatment
def check_screen_current(facts: Facts, treatment: Treatment) -> Finding:
    """`common.suicide.screen_current`: a C-SSRS within 30 days of the assessment
    and on or after the latest PHQ-9 with item 9 >= 1, for every candidacy evaluation."""
    safety = facts.risk.safety
    limit = P.CSSRS_MAX_AGE_DAYS.value
    screener = facts.document.safety.cssrs
    if safety.screen_current and screener is not None:
        return _screen_met(facts.risk.cssrs_text, safety.cssrs_age_days or 0, limit)
    if safety.item9_unscreened_on is not None:
        on = day(safety.item9_unscreened_on)
        before = (
            "no C-SSRS is on file"
            if screener is None
            else f"the C-SSRS of {day(screener.administered_on)} is older"
        )
        return unknown(
            f"The PHQ-9 of {on} scores {safety.item9_unscreened_score} on item 9 and {before}: a C-SSRS on "
            "or after that PHQ-9 is required before any candidacy decision.",
            missing=("A current C-SSRS screener (after the PHQ-9 with item 9 of 1 or more)",),
            steps=(f"{STEP_CSSRS} today (PHQ-9 item 9 = {safety.item9_unscreened_score})",),
        )
    if screener is None:
        return unknown(
            "No C-SSRS screener is on file; a current one is required for every candidacy evaluation.",
            missing=("A C-SSRS screener from the past 30 days",),
            steps=(f"{STEP_CSSRS} today",),
        )
    return unknown(
        f"The C-SSRS of {day(screener.administered_on)} is {plural(safety.cssrs_age_days or 0, 'day')} old "
        f"at the assessment; it must be within {limit} days (the screener asks about the past month).",
        missing=("A C-SSRS screener from the past 30 days",),
        steps=(f"{STEP_CSSRS} today (the one on file is out of date)",),
    )


# The "met" findings of the recency rules depend on a few small values only: built once each (bounded),
# like the scoring factors, so the common case costs a dictionary lookup.
@functools.lru_cache(maxsize=512)
def _screen_met(cssrs_text: str, age: int, limit: int) -> Finding:
    return met(f"{cssrs_text}, {plural(age, 'day')} before the assessment (within {limit} days).")


def risk_reasons(facts: Facts, level: str) -> str:
    """The C-SSRS answers behind a level: "Q4 (some intention of acting on the thoughts) is yes"."""
    suffixes = (f": {level} risk.", f": at least {level} risk.")
    return "; ".join(
        r.removesuffix(suffix) for r in facts.risk.cssrs.reasons for suffix in suffixes if r.endswith(suffix)
    )


def _unknown_risk_missing(facts: Facts) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if facts.risk.cssrs_on_file:
        return ("Answers to the unanswered C-SSRS questions",), (
            f"{STEP_CSSRS} (some questions are unanswered)",
        )
    return ("A C-SSRS screener (PHQ-9 item 9 ≥ 1)",), (
        f"{STEP_CSSRS} today (PHQ-9 item 9 = {facts.risk.item9})",
    )


@same_for_every_treatment
def check_suicide_high(facts: Facts, treatment: Treatment) -> Finding:
    """C-SSRS high risk: urgent safety flag; eligible capped to eligible_with_cautions."""
    if facts.risk.at_least("high"):
        return not_met(
            "eligible_with_cautions",
            f"{facts.risk.cssrs_text}: {risk_reasons(facts, 'high')}. Urgent safety flag: crisis care comes "
            "first and this option is at best eligible with cautions.",
        )
    if facts.risk.could_reach("high"):
        missing, steps = _unknown_risk_missing(facts)
        return unknown(
            f"{facts.risk.cssrs_text}; high risk cannot be excluded, so the urgent safety flag cannot be "
            "decided.",
            missing=missing,
            steps=steps,
        )
    return met(f"{facts.risk.cssrs_text}: not high risk.")


@same_for_every_treatment
def check_suicide_moderate(facts: Facts, treatment: Treatment) -> Finding:
    """C-SSRS moderate (or higher): eligible capped to eligible_with_cautions, with a safety plan."""
    note = " The moderate/low split is partly unconfirmed."
    if facts.risk.at_least("high"):
        return not_met(
            "eligible_with_cautions",
            f"{facts.risk.cssrs_text}, above moderate: the cap applies (common.suicide.high).",
            steps=("Review the safety plan with the patient before treatment",),
        )
    if P.CSSRS_MODERATE_CAPS.value and facts.risk.at_least("moderate"):
        reasons = risk_reasons(facts, "moderate") or risk_reasons(facts, "at least moderate")
        return not_met(
            "eligible_with_cautions",
            f"{facts.risk.cssrs_text}: {reasons}. Moderate risk caps this option at eligible with cautions; "
            f"a safety plan is needed.{note}",
            steps=("Review the safety plan with the patient before treatment",),
        )
    if facts.risk.could_reach("moderate"):
        missing, steps = _unknown_risk_missing(facts)
        return caution_unknown(
            f"{facts.risk.cssrs_text}; moderate risk cannot be excluded.{note}",
            missing=missing,
            steps=steps,
        )
    return met(f"{facts.risk.cssrs_text}: below moderate risk, which changes no status.")
