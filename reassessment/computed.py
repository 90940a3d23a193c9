"""The computed, not typed, part of a reassessment: one frozen summary of every score, band,
flag and stage derived from the document at a given date.

Pure Python, no Django. ``compute`` is deterministic: the same document and ``as_of`` give the
same ``model_dump(mode="json")``, and lists are ordered by their content (date first), so the
order rows were typed in does not change the summary. Bump ``COMPUTED_VERSION`` whenever a
change would make a stored summary differ for the same input.
"""

from __future__ import annotations

import datetime as dt

from .completeness import MissingItem, completeness
from .documents import LabResult, Phq9, ReassessmentDocument, ScaleScore
from .results import Result
from .safety import SafetyState, safety_state
from .scales import (
    CssrsResult,
    LabFlag,
    Phq9Result,
    ScaleResult,
    cssrs_result,
    lab_flag,
    phq9_result,
    scale_result,
)
from .staging import (
    MaudsleyResult,
    ResistanceSummary,
    ThaseRushResult,
    maudsley,
    thase_rush,
    treatment_resistance,
)

# 2: the second-edition safety definition (reassessment.safety) and Thase–Rush staging.
COMPUTED_VERSION = 2


class ComputedSummary(Result):
    computed_version: int
    as_of: dt.date
    episode_weeks: float | None
    latest_phq9: Phq9Result | None
    phq9_history: tuple[Phq9Result, ...]
    other_scales: tuple[ScaleResult, ...]
    cssrs: CssrsResult
    safety: SafetyState
    resistance: ResistanceSummary
    maudsley: MaudsleyResult
    thase_rush: ThaseRushResult
    lab_flags: tuple[LabFlag, ...]
    missing: tuple[MissingItem, ...]
    complete: bool


def _phq9_key(phq: Phq9) -> tuple[dt.date, int, tuple[int, ...]]:
    # Same-day ties put the highest item 9 last, so ``latest_phq9`` agrees with the safety
    # flag, which reads the highest item 9 of the latest day.
    return (phq.administered_on, phq.items[8], phq.items)


def _scale_key(score: ScaleScore) -> tuple[dt.date, str, int]:
    return (score.administered_on, score.scale, score.total)


def _lab_key(lab: LabResult) -> tuple[dt.date, str, bool, float, str, str]:
    return (lab.collected_on, lab.test, lab.value is not None, lab.value or 0.0, lab.unit, lab.result or "")


def episode_weeks(document: ReassessmentDocument, *, as_of: dt.date) -> float | None:
    """Weeks from the current episode's start to ``as_of``; None when unknown or in the future."""
    start = document.diagnosis.episode_start
    if start is None or start > as_of:
        return None
    return (as_of - start).days / 7


def compute(document: ReassessmentDocument, *, as_of: dt.date) -> ComputedSummary:
    """Everything derived from the document as of ``as_of``.

    PHQ-9 (criteria.md §5.1), MADRS/HAM-D17 (§5.2), C-SSRS (§5.3) and the safety flag; treatment
    resistance (§1.1) and the Maudsley stage (§1.4); laboratory flags (project reference
    ranges, §6.1); and what is still missing. ``complete`` is True when nothing is.
    """
    history = tuple(phq9_result(phq) for phq in sorted(document.measurement.phq9, key=_phq9_key))
    missing = completeness(document)
    sex = document.patient.sex_at_birth
    return ComputedSummary(
        computed_version=COMPUTED_VERSION,
        as_of=as_of,
        episode_weeks=episode_weeks(document, as_of=as_of),
        latest_phq9=history[-1] if history else None,
        phq9_history=history,
        other_scales=tuple(
            scale_result(s) for s in sorted(document.measurement.other_scores, key=_scale_key)
        ),
        cssrs=cssrs_result(document.safety.cssrs),
        safety=safety_state(document),
        resistance=treatment_resistance(document, as_of=as_of),
        maudsley=maudsley(document, as_of=as_of),
        thase_rush=thase_rush(document, as_of=as_of),
        lab_flags=tuple(lab_flag(lab, sex) for lab in sorted(document.labs, key=_lab_key)),
        missing=missing,
        complete=not missing,
    )
