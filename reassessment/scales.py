"""Scores, bands and flags computed from what the clinician typed: PHQ-9, MADRS, HAM-D17, the
C-SSRS screener, the safety flag and laboratory flags.

Pure Python, no Django: pydantic models in, frozen pydantic models out, nothing read from a
clock. Thresholds are named constants with their criteria.md section, never literals in logic.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal, NamedTuple

from .documents import SCALE_MAX, Cssrs, LabResult, LabTest, Phq9, ScaleScore, Tri
from .results import Result

SexAtBirth = Literal["female", "male", "intersex", "unknown"]  # as PatientFacts.sex_at_birth


# --- PHQ-9 (criteria.md §5.1 [PHQ-BANDS]) ---------------------------------------------------

Phq9Band = Literal["minimal", "mild", "moderate", "moderately_severe", "severe"]

# Lowest total of each band, highest band first: 0–4, 5–9, 10–14, 15–19, 20–27.
PHQ9_BANDS: tuple[tuple[int, Phq9Band], ...] = (
    (20, "severe"),
    (15, "moderately_severe"),
    (10, "moderate"),
    (5, "mild"),
    (0, "minimal"),
)
PHQ9_MAX = 27
# Item 9 at or above this requires a C-SSRS, whatever the total (criteria.md §5.1).
PHQ9_ITEM9_CSSRS_THRESHOLD = 1


class Phq9Result(Result):
    administered_on: dt.date
    total: int
    band: Phq9Band
    item9: int
    cssrs_required: bool


def phq9_band(total: int) -> Phq9Band:
    """Severity band of a PHQ-9 total, criteria.md §5.1 [PHQ-BANDS]."""
    if not 0 <= total <= PHQ9_MAX:
        raise ValueError(f"a PHQ-9 total is 0 to {PHQ9_MAX}, not {total}")
    return next(band for lowest, band in PHQ9_BANDS if total >= lowest)


def phq9_result(phq: Phq9) -> Phq9Result:
    """Total, band and item 9 of one PHQ-9; item 9 >= 1 requires a C-SSRS (criteria.md §5.1)."""
    total = sum(phq.items)
    item9 = phq.items[8]
    return Phq9Result(
        administered_on=phq.administered_on,
        total=total,
        band=phq9_band(total),
        item9=item9,
        cssrs_required=item9 >= PHQ9_ITEM9_CSSRS_THRESHOLD,
    )


# --- MADRS and HAM-D17 (criteria.md §5.2 [MADRS-BANDS, ZIMMERMAN-2013]) ---------------------

ScaleName = Literal["madrs", "hamd17"]
ScaleBand = Literal["normal", "none", "mild", "moderate", "severe"]

# Lowest total of each band, highest band first.
SCALE_BANDS: dict[str, tuple[tuple[int, ScaleBand], ...]] = {
    # MADRS 0–6 normal, 7–19 mild, 20–34 moderate, >= 35 severe [MADRS-BANDS]
    "madrs": ((35, "severe"), (20, "moderate"), (7, "mild"), (0, "normal")),
    # HAM-D17 0–7 none, 8–16 mild, 17–23 moderate, >= 24 severe [ZIMMERMAN-2013]
    "hamd17": ((24, "severe"), (17, "moderate"), (8, "mild"), (0, "none")),
}


class ScaleResult(Result):
    scale: ScaleName
    administered_on: dt.date
    total: int
    band: ScaleBand


def scale_band(scale: ScaleName, total: int) -> ScaleBand:
    """Severity band of a MADRS or HAM-D17 total, criteria.md §5.2."""
    if not 0 <= total <= SCALE_MAX[scale]:
        raise ValueError(f"a {scale} total is 0 to {SCALE_MAX[scale]}, not {total}")
    return next(band for lowest, band in SCALE_BANDS[scale] if total >= lowest)


def scale_result(score: ScaleScore) -> ScaleResult:
    """One MADRS or HAM-D17 score with its band (criteria.md §5.2)."""
    band = scale_band(score.scale, score.total)
    return ScaleResult(scale=score.scale, administered_on=score.administered_on, total=score.total, band=band)


# --- C-SSRS screener (criteria.md §5.3 [CSSRS, CSSRS-TRIAGE]) --------------------------------

CssrsFloor = Literal["high", "moderate", "low", "none"]
CssrsLevel = Literal["high", "moderate", "low", "none", "unknown"]
_RANK: dict[CssrsFloor, int] = {"none": 0, "low": 1, "moderate": 2, "high": 3}

# Field name -> how a clinician reads the question, used in reasons.
CSSRS_QUESTIONS: dict[str, str] = {
    "wish_to_be_dead": "Q1 (wished to be dead or not to wake up)",
    "suicidal_thoughts": "Q2 (thoughts of killing yourself)",
    "thoughts_of_method": "Q3 (thought about how)",
    "intent": "Q4 (some intention of acting on the thoughts)",
    "plan_with_intent": "Q5 (worked out a plan and intend to carry it out)",
    "behavior_ever": "Q6 (ever done, started or prepared anything to end your life)",
    "behavior_within_3_months": "Q6 follow-up (within the past 3 months)",
}
# Q2 "no" skips Q3–Q5 (criteria.md §5.3): they are not asked, which is not the same as unknown.
_SKIPPED_BY_Q2 = ("thoughts_of_method", "intent", "plan_with_intent")


class CssrsResult(Result):
    administered_on: dt.date | None
    level: CssrsLevel
    at_least: CssrsFloor
    reasons: tuple[str, ...]
    unanswered: tuple[str, ...]


def _cssrs_level(answers: dict[str, Tri]) -> tuple[CssrsFloor, list[str]]:
    """Level reached by the "yes" answers alone, with a reason per answer that counts.

    Every reason is kept, not only those of the highest level: a past attempt (moderate) stays
    named beside an intention to act (high), so the clinician reads the whole picture.
    """
    yes = {field for field, answer in answers.items() if answer == "yes"}
    high: list[str] = []
    moderate: list[str] = []
    low: list[str] = []
    for field in ("intent", "plan_with_intent"):
        if field in yes:
            high.append(f"{CSSRS_QUESTIONS[field]} is yes: high risk.")
    recent = answers.get("behavior_within_3_months", "no")  # not asked when Q6 is no
    if "behavior_ever" in yes and recent == "yes":
        high.append(f"{CSSRS_QUESTIONS['behavior_ever']} is yes, within the past 3 months: high risk.")
    if "thoughts_of_method" in yes:
        moderate.append(f"{CSSRS_QUESTIONS['thoughts_of_method']} is yes: moderate risk.")
    if "behavior_ever" in yes and recent != "yes":
        if recent == "no":
            moderate.append(
                f"{CSSRS_QUESTIONS['behavior_ever']} is yes, more than 3 months ago: moderate risk."
            )
        else:
            moderate.append(
                f"{CSSRS_QUESTIONS['behavior_ever']} is yes, when is not recorded: at least moderate risk."
            )
    for field in ("wish_to_be_dead", "suicidal_thoughts"):
        if field in yes:
            low.append(f"{CSSRS_QUESTIONS[field]} is yes: low risk.")
    if high:
        return "high", high + moderate
    if moderate:
        return "moderate", moderate
    return ("low", low) if low else ("none", low)


def _cssrs_asked(answers: dict[str, Tri]) -> dict[str, Tri]:
    """The answers to the questions that were asked, following the screener's skip logic."""
    asked = dict(answers)
    if asked["suicidal_thoughts"] == "no":
        for field in _SKIPPED_BY_Q2:
            del asked[field]
    if asked["behavior_ever"] == "no":
        del asked["behavior_within_3_months"]
    return asked


def cssrs_result(cssrs: Cssrs | None) -> CssrsResult:
    """Risk level of a C-SSRS screener, criteria.md §5.3 [CSSRS, CSSRS-TRIAGE].

    High = Q4 or Q5 yes, or Q6 yes within 3 months; moderate = Q3 yes, or Q6 yes more than 3
    months ago; low = Q1/Q2 yes only; none = every asked question answered no. Q2 "no" skips
    Q3–Q5, which then count as not asked rather than unknown.

    Unknown is not no: ``at_least`` is the level the confirmed "yes" answers reach, and
    ``level`` equals it only when no unanswered question could raise it (reading each
    unanswered question as "yes"); otherwise ``level`` is "unknown". A confirmed high needs
    nothing more. Q6 yes with the 3-month follow-up unanswered is at least moderate, level
    unknown (it could be high).

    High is confirmed by criteria.md §5.3; the moderate/low split follows the triage-colour
    screener and is **partly unconfirmed** (criteria.md §5.3, §9).
    """
    if cssrs is None:
        return CssrsResult.built(
            administered_on=None,
            level="unknown",
            at_least="none",
            reasons=("No C-SSRS screener is on file.",),
            unanswered=tuple(CSSRS_QUESTIONS),
        )
    level, floor, reasons, unanswered = _cssrs_judged(
        tuple(getattr(cssrs, field) for field in CSSRS_QUESTIONS)
    )
    return CssrsResult.built(
        administered_on=cssrs.administered_on,
        level=level,
        at_least=floor,
        reasons=reasons,
        unanswered=unanswered,
    )


@lru_cache(maxsize=4096)
def _cssrs_judged(
    answers: tuple[Tri, ...],
) -> tuple[CssrsLevel, CssrsFloor, tuple[str, ...], tuple[str, ...]]:
    """Level, floor, reasons and unanswered questions of one set of answers (in ``CSSRS_QUESTIONS``
    order). A pure function of the seven answers, so memoised: at most 3^7 = 2,187 entries."""
    asked = _cssrs_asked(dict(zip(CSSRS_QUESTIONS, answers, strict=True)))
    unanswered = tuple(field for field, answer in asked.items() if answer == "unknown")
    floor, reasons = _cssrs_level(asked)
    worst_case: dict[str, Tri] = {
        field: "yes" if answer == "unknown" else answer for field, answer in asked.items()
    }
    ceiling, _ = _cssrs_level(worst_case)
    if asked["suicidal_thoughts"] == "no":
        reasons.append("Q2 is no, so Q3 to Q5 were skipped (not asked).")
    if not reasons:
        reasons.append("Every question asked was answered no.")
    if _RANK[ceiling] > _RANK[floor]:
        names = ", ".join(CSSRS_QUESTIONS[field] for field in unanswered)
        reasons.append(
            f"Unanswered: {names}; the level could be {ceiling}, so it stays unknown (at least {floor})."
        )
        level: CssrsLevel = "unknown"
    else:
        level = floor
    return level, floor, tuple(reasons), unanswered


# --- Laboratory flags --------------------------------------------------------------------------
# criteria.md §6.1 names the work-up (TSH, CBC, B12/folate, vitamin D) but gives no ranges.

REFERENCE_RANGES_SOURCE = (
    "project policy (common adult reference ranges; confirm against the clinic's laboratory)"
)


class ReferenceRange(NamedTuple):
    low: float | None  # None: no low flag
    high: float | None  # None: no high flag
    unit: str
    # Units accepted as equal to ``unit`` (compared case-insensitively); same numeric scale.
    equivalent_units: tuple[str, ...] = ()


REFERENCE_RANGES: dict[str, ReferenceRange] = {
    # 1 mIU/L == 1 µIU/mL, so either unit reads the same number.
    "tsh": ReferenceRange(0.4, 4.0, "mIU/L", ("uIU/mL", "µIU/mL", "μIU/mL")),
    "free_t4": ReferenceRange(0.8, 1.8, "ng/dL"),
    "b12": ReferenceRange(200, 900, "pg/mL"),
    "folate": ReferenceRange(3.0, None, "ng/mL"),
    "vitamin_d": ReferenceRange(30, 100, "ng/mL"),
}
HEMOGLOBIN_UNIT = "g/dL"
HEMOGLOBIN_RANGES: dict[str, ReferenceRange] = {
    "female": ReferenceRange(12.0, 15.5, HEMOGLOBIN_UNIT),
    "male": ReferenceRange(13.5, 17.5, HEMOGLOBIN_UNIT),
    # Intersex or unknown sex: only a value outside both ranges can be flagged.
    "either": ReferenceRange(12.0, 17.5, HEMOGLOBIN_UNIT),
}
_HEMOGLOBIN_BOTH = "female 12–15.5, male 13.5–17.5; sex at birth not female or male"
QUALITATIVE_TESTS = ("urine_drug_screen", "pregnancy_test")

LabFlagValue = Literal["low", "normal", "high", "positive", "negative", "unknown"]


class LabFlag(Result):
    test: LabTest
    collected_on: dt.date
    flag: LabFlagValue
    reference: str
    reason: str


def _range_text(rng: ReferenceRange) -> str:
    if rng.high is None:
        return f">= {rng.low:g} {rng.unit}"
    return f"{rng.low:g}–{rng.high:g} {rng.unit}"


def _unit_matches(unit: str, rng: ReferenceRange) -> bool:
    return unit.strip().casefold() in {u.casefold() for u in (rng.unit, *rng.equivalent_units)}


def lab_flag(lab: LabResult, sex_at_birth: SexAtBirth) -> LabFlag:
    """Flag one laboratory result against ``REFERENCE_RANGES`` (REFERENCE_RANGES_SOURCE).

    A value at either limit is normal. A unit other than the expected one (TSH also accepts
    uIU/mL) is not converted: the flag is "unknown" with the reason. Hemoglobin uses the
    sex-specific range; for intersex or unknown sex only a value below 12.0 or above 17.5 g/dL
    is flagged, anything between is "unknown". Qualitative tests read ``result``; a missing
    value or result is "unknown".
    """

    def flag(value: LabFlagValue, reference: str, reason: str) -> LabFlag:
        return LabFlag.built(
            test=lab.test, collected_on=lab.collected_on, flag=value, reference=reference, reason=reason
        )

    if lab.test in QUALITATIVE_TESTS:
        if lab.result is None:
            return flag("unknown", "negative expected", f"No result is recorded for {lab.test}.")
        return flag(lab.result, "negative expected", f"{lab.test} is {lab.result}.")
    sex_specific = True
    if lab.test == "hemoglobin":
        sex_specific = sex_at_birth in ("female", "male")
        rng = HEMOGLOBIN_RANGES[sex_at_birth if sex_specific else "either"]
        applies = sex_at_birth if sex_specific else _HEMOGLOBIN_BOTH
        reference = f"{_range_text(rng)} ({applies}); {REFERENCE_RANGES_SOURCE}"
    else:
        rng = REFERENCE_RANGES[lab.test]
        reference = f"{_range_text(rng)}; {REFERENCE_RANGES_SOURCE}"
    if lab.value is None:
        return flag("unknown", reference, f"No value is recorded for {lab.test}.")
    if not _unit_matches(lab.unit, rng):
        return flag(
            "unknown",
            reference,
            f"{lab.test} is in {lab.unit or 'no unit'}, expected {rng.unit}; not converted.",
        )
    shown = f"{lab.test} {lab.value:g} {lab.unit.strip()}"
    if rng.low is not None and lab.value < rng.low:
        return flag("low", reference, f"{shown} is below {rng.low:g}.")
    if rng.high is not None and lab.value > rng.high:
        return flag("high", reference, f"{shown} is above {rng.high:g}.")
    if not sex_specific:
        return flag(
            "unknown", reference, f"{shown} needs a sex-specific range; sex at birth is {sex_at_birth}."
        )
    return flag("normal", reference, f"{shown} is within {_range_text(rng)}.")
