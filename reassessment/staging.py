"""Treatment resistance computed from the medication history: the count of adequate failed
trials in the current episode (criteria.md §1.1; each trial judged in trials.py), the Maudsley
Staging Method (§1.4) and Thase–Rush staging (§1.5).

Pure Python, no Django: pydantic models in, frozen pydantic models out, and the clock is the
``as_of`` argument. Unknown is never read as "no": a trial whose decisive facts are missing is
"unknown" unless the known facts already rule it out.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, NamedTuple

from .catalog import DRUGS, DrugClass
from .documents import ReassessmentDocument, Tri
from .results import Result
from .trials import TrialAssessment, trial_assessment

# --- Treatment resistance (criteria.md §1.1, §1.2, §8 `common.unknown_trial`) --------------


class ResistanceSummary(Result):
    n_failed: int
    failed_drugs: tuple[str, ...]
    failed_classes: tuple[str, ...]
    n_classes: int
    n_unknown: int
    unknown_drugs: tuple[str, ...]
    augmentation_trials: int
    augmentation_episode_unknown: int
    current_antidepressant: Tri
    # criteria.md §10.4: stopped for side effects and not otherwise a failure (payers may credit them);
    # poor adherence (not adequate).
    intolerant_drugs: tuple[str, ...]
    poor_adherence_drugs: tuple[str, ...]
    trials: tuple[TrialAssessment, ...]


def treatment_resistance(document: ReassessmentDocument, *, as_of: dt.date) -> ResistanceSummary:
    """Adequate failed trials in the current episode, criteria.md §1.1.

    ``n_failed`` counts distinct drugs with an adequate failure (two failed trials of one drug
    count once). ``n_unknown`` counts distinct drugs not already counted that have a trial of
    status "unknown": they could still count, which is what `common.unknown_trial` (§8) needs.
    ``augmentation_trials`` counts augmentation trials in the current episode;
    ``augmentation_episode_unknown`` those whose episode is not recorded.
    ``current_antidepressant`` is "yes" with an ongoing antidepressant trial, "no" when trials
    are recorded and none is one, "unknown" when no trial is recorded.
    """
    trials = document.medication_trials
    start = document.diagnosis.episode_start
    assessed = tuple(trial_assessment(trial, as_of=as_of, episode_start=start) for trial in trials)
    by_status: dict[str, set[str]] = {"adequate_failure": set(), "poor_adherence": set(), "unknown": set()}
    intolerant: set[str] = set()
    augmentation = augmentation_unknown = 0
    ongoing = False
    for trial, assessment in zip(trials, assessed, strict=True):
        drugs = by_status.get(assessment.status)
        if drugs is not None:
            drugs.add(assessment.drug)
        if trial.ended_for_intolerance == "yes":
            intolerant.add(trial.drug)
        if assessment.role == "augmentation":
            augmentation += trial.current_episode == "yes"
            augmentation_unknown += trial.current_episode == "unknown"
        elif trial.ongoing:
            ongoing = True
    failed_set = by_status["adequate_failure"]
    failed = tuple(sorted(failed_set))
    unknown = tuple(sorted(by_status["unknown"] - failed_set))
    classes = tuple(sorted({DRUGS[key].drug_class.value for key in failed}))
    current: Tri = ("yes" if ongoing else "no") if trials else "unknown"
    return ResistanceSummary.built(
        n_failed=len(failed),
        failed_drugs=failed,
        failed_classes=classes,
        n_classes=len(classes),
        n_unknown=len(unknown),
        unknown_drugs=unknown,
        augmentation_trials=augmentation,
        augmentation_episode_unknown=augmentation_unknown,
        current_antidepressant=current,
        intolerant_drugs=tuple(sorted(intolerant - failed_set)),
        poor_adherence_drugs=tuple(sorted(by_status["poor_adherence"] - failed_set)),
        trials=assessed,
    )


# --- Maudsley Staging Method (criteria.md §1.4 [FEKADU-2018]) -------------------------------

# Episode duration in whole months: <= 12 -> 1, 13–24 -> 2, > 24 -> 3 (confirmed).
MSM_DURATION_POINTS: tuple[tuple[int, int], ...] = ((25, 3), (13, 2), (0, 1))
MSM_SEVERITY_POINTS = {"subsyndromal": 1, "mild": 2, "moderate": 3, "severe": 4}
MSM_PSYCHOSIS_POINTS = 5  # severe with psychotic features
# TODO(criteria.md §1.4, §9): treatment bands are the standard table, not re-read (partly
# unconfirmed). Failed antidepressants 1–2 -> 1, 3–4 -> 2, 5–6 -> 3, 7–10 -> 4, > 10 -> 5.
MSM_FAILED_POINTS: tuple[tuple[int, int], ...] = ((11, 5), (7, 4), (5, 3), (3, 2), (1, 1), (0, 0))
MSM_BANDS: tuple[tuple[int, Literal["mild", "moderate", "severe"]], ...] = (
    (11, "severe"),
    (7, "moderate"),
    (0, "mild"),
)
MSM_NOTE = (
    "Maudsley Staging Method (Fekadu et al., 2018): duration and severity bands, totals and bands are "
    "confirmed; the treatment bands (failed antidepressants, augmentation, ECT) are partly unconfirmed."
)
MsmDimension = Literal["duration", "severity", "failed_antidepressants", "augmentation", "ect"]


class MaudsleyResult(Result):
    episode_months: int | None
    duration_points: int | None
    severity_points: int | None
    failed_antidepressants_points: int | None
    augmentation_points: int | None
    ect_points: int | None
    score: int | None
    band: Literal["mild", "moderate", "severe"] | None
    missing: tuple[MsmDimension, ...]
    reasons: tuple[str, ...]
    note: str


def whole_months(start: dt.date, end: dt.date) -> int:
    """Completed calendar months from ``start`` to ``end``.

    A month completes on the same day of a later month: 15 Jan -> 14 Feb is 0, -> 15 Feb is 1.
    From the 29th–31st into a shorter month the month completes on the 1st of the next one
    (31 Jan -> 28 Feb is 0 months). 12 months and 20 days is 12 months, so the 13–24 band
    starts on the day the 13th month completes.
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _points(table: tuple[tuple[int, int], ...], value: int) -> int:
    return next(points for lowest, points in table if value >= lowest)


def maudsley(
    document: ReassessmentDocument, *, as_of: dt.date, resistance: ResistanceSummary | None = None
) -> MaudsleyResult:
    """Maudsley Staging Method score (3–15) and band, criteria.md §1.4 [FEKADU-2018].

    Any unknown dimension leaves ``score`` and ``band`` None and is named in ``missing``: an
    unknown episode start or severity, severe with psychotic features unknown, ECT unknown, an
    augmentation agent whose episode is unknown (when none is confirmed), and trials of unknown
    status that could move the failed-antidepressant band. Zero failed trials scores 0 there,
    although MSM presumes at least one, so a total of 2 is possible and reads as "mild".
    """
    resistance = resistance or treatment_resistance(document, as_of=as_of)
    points = maudsley_points(document, as_of=as_of, resistance=resistance)
    return MaudsleyResult.built(
        episode_months=points.months,
        duration_points=points.duration,
        severity_points=points.severity,
        failed_antidepressants_points=points.failed,
        augmentation_points=points.augmentation,
        ect_points=points.ect,
        score=points.score,
        band=points.band,
        missing=tuple(name for name, p in zip(_MSM_DIMENSIONS, points[1:], strict=True) if p is None),
        reasons=_msm_reasons(document, points, resistance),
        note=MSM_NOTE,
    )


_MSM_DIMENSIONS: tuple[MsmDimension, ...] = (
    "duration",
    "severity",
    "failed_antidepressants",
    "augmentation",
    "ect",
)


class MsmPoints(NamedTuple):
    """The points of each MSM dimension (None when unknown), without the reasons: what the engine
    reads for its one-line staging text."""

    months: int | None  # whole months of the episode
    duration: int | None
    severity: int | None
    failed: int | None
    augmentation: int | None
    ect: int | None

    @property
    def score(self) -> int | None:
        parts = self[1:]
        return None if None in parts else sum(p for p in parts if p is not None)

    @property
    def band(self) -> Literal["mild", "moderate", "severe"] | None:
        score = self.score
        return None if score is None else next(name for lowest, name in MSM_BANDS if score >= lowest)


def maudsley_points(
    document: ReassessmentDocument, *, as_of: dt.date, resistance: ResistanceSummary
) -> MsmPoints:
    diagnosis = document.diagnosis
    start = diagnosis.episode_start
    months = whole_months(start, as_of) if start is not None and start <= as_of else None
    severity = MSM_SEVERITY_POINTS.get(diagnosis.severity)
    if diagnosis.severity == "severe" and diagnosis.psychotic_features != "no":
        severity = MSM_PSYCHOSIS_POINTS if diagnosis.psychotic_features == "yes" else None
    failed: int | None = _points(MSM_FAILED_POINTS, resistance.n_failed)
    if _points(MSM_FAILED_POINTS, resistance.n_failed + resistance.n_unknown) != failed:
        failed = None  # trials of unknown status could move the band
    augmentation = 1 if resistance.augmentation_trials else 0
    return MsmPoints(
        months,
        None if months is None else _points(MSM_DURATION_POINTS, months),
        severity,
        failed,
        None if not augmentation and resistance.augmentation_episode_unknown else augmentation,
        {"yes": 1, "no": 0}.get(document.other_treatments.ect),
    )


def _msm_reasons(
    document: ReassessmentDocument, points: MsmPoints, resistance: ResistanceSummary
) -> tuple[str, ...]:
    """Why each dimension scores what it does, in dimension order."""
    diagnosis = document.diagnosis
    reasons: list[str] = []
    if points.months is None:
        reasons.append("Episode start is not recorded (or is after the as-of date): duration unknown.")
    else:
        start = diagnosis.episode_start.isoformat() if diagnosis.episode_start else ""
        reasons.append(f"Episode duration {points.months} months since {start}: {points.duration}.")
    psychosis = (
        f", psychotic features {diagnosis.psychotic_features}" if diagnosis.severity == "severe" else ""
    )
    severity = "unknown" if points.severity is None else points.severity
    reasons.append(f"Severity {diagnosis.severity}{psychosis}: {severity}.")
    n_failed, n_unknown = resistance.n_failed, resistance.n_unknown
    if points.failed is None:
        reasons.append(
            f"{n_failed} failed antidepressants confirmed and {n_unknown} of unknown status, "
            "which could change the points."
        )
    else:
        reasons.append(f"{n_failed} failed antidepressants in the current episode: {points.failed}.")
        if n_failed == 0:
            reasons.append("MSM presumes at least one failed trial; none is confirmed.")
    if points.augmentation is None:
        reasons.append("Augmentation: an augmentation trial's episode is not recorded, so unknown.")
    else:
        reasons.append(f"Augmentation in the current episode: {'yes' if points.augmentation else 'no'}.")
    reasons.append(f"ECT used: {document.other_treatments.ect}.")
    return tuple(reasons)


# --- Thase–Rush staging (criteria.md §1.5 [THASE-RUSH]) --------------------------------------

ThaseRushStage = Literal[0, 1, 2, 3, 4, 5]
THASE_RUSH_NAMES = {0: "0", 1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}
THASE_RUSH_NOTE = (
    "Thase–Rush staging counts adequate failed trials by class and ignores augmentation. ECT "
    "laterality is not recorded, so stage V reads any ECT course without response."
)


class ThaseRushResult(Result):
    stage: ThaseRushStage
    name: str  # "0", "I" … "V"
    could_be_higher: bool  # trials of unknown adequacy could raise it
    reasons: tuple[str, ...]
    note: str


def thase_rush(
    document: ReassessmentDocument, *, as_of: dt.date, resistance: ResistanceSummary | None = None
) -> ThaseRushResult:
    """Thase–Rush stage, criteria.md §1.5: I failed >= 1 adequate trial of one class; II + a
    distinct class; III + a TCA; IV + an MAOI; V + ECT. Each stage needs the one before it."""
    resistance = resistance or treatment_resistance(document, as_of=as_of)
    steps = _thase_rush_steps(document, resistance)
    stage, could_be_higher = _stage(steps, resistance)
    reasons = [f"Stage {THASE_RUSH_NAMES[n]}: {what}." for n, (_, what) in enumerate(steps[:stage], start=1)]
    if stage == 0:
        reasons.append("Stage 0: no adequate failed antidepressant trial is confirmed.")
    if could_be_higher:
        reasons.append(
            f"{resistance.n_unknown} trial{'s' if resistance.n_unknown != 1 else ''} of unknown adequacy "
            "could raise the stage."
        )
    return ThaseRushResult.built(
        stage=stage,
        name=THASE_RUSH_NAMES[stage],
        could_be_higher=could_be_higher,
        reasons=tuple(reasons),
        note=THASE_RUSH_NOTE,
    )


def thase_rush_stage(document: ReassessmentDocument, *, resistance: ResistanceSummary) -> tuple[str, bool]:
    """The stage's name and whether trials of unknown adequacy could raise it, without the reasons."""
    stage, could_be_higher = _stage(_thase_rush_steps(document, resistance), resistance)
    return THASE_RUSH_NAMES[stage], could_be_higher


def _thase_rush_steps(
    document: ReassessmentDocument, resistance: ResistanceSummary
) -> tuple[tuple[bool, str], ...]:
    """Each stage's condition and what reaches it; a stage needs the one before it."""
    classes = resistance.failed_classes
    ect_failed = any(
        course.treatment == "ect" and course.response_percent is not None and course.response_percent < 50
        for course in document.prior_courses
    )
    return (
        (resistance.n_failed >= 1, "an adequate failed trial"),
        (len(classes) >= 2, "failed trials in two or more classes"),
        (DrugClass.TCA.value in classes, "a failed tricyclic"),
        (DrugClass.MAOI.value in classes, "a failed MAOI"),
        (ect_failed, "an ECT course without response"),
    )


def _stage(steps: tuple[tuple[bool, str], ...], resistance: ResistanceSummary) -> tuple[ThaseRushStage, bool]:
    stage = _STAGES[0]
    for n, (reached, _) in enumerate(steps, start=1):
        if not reached:
            break
        stage = _STAGES[n]
    return stage, resistance.n_unknown > 0 and stage < 5


_STAGES: tuple[ThaseRushStage, ...] = (0, 1, 2, 3, 4, 5)
