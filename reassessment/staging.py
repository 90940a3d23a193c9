"""Treatment resistance computed from the medication history: per-trial adequacy (criteria.md
§1.1), the count of adequate failed trials in the current episode, and the Maudsley Staging
Method (§1.4).

Pure Python, no Django: pydantic models in, frozen pydantic models out, and the clock is the
``as_of`` argument. Unknown is never read as "no": a trial whose decisive facts are missing is
"unknown" unless the known facts already rule it out.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal, NamedTuple

from .catalog import DRUGS, Drug, DrugClass, DrugRole
from .dates import day
from .documents import MedicationTrial, ReassessmentDocument, Tri
from .results import Result, trusted

# criteria.md §1.1 [DESSEILLES-2011]: at least 6 weeks at an adequate dose; exactly 6 counts.
MIN_TRIAL_WEEKS = 6.0
# criteria.md §1.1: no response (< 25 % improvement) or partial (25–49 %) is a failure.
FAILED_OUTCOMES = ("no_response", "partial_response")

TrialStatus = Literal[
    "adequate_failure",
    "response",
    "intolerance",
    "poor_adherence",
    "inadequate_dose",
    "inadequate_duration",
    "not_current_episode",
    "augmentation",
    "unknown",
]
TrialFact = Literal["dose", "duration", "outcome", "current_episode"]


class TrialAssessment(Result):
    drug: str
    drug_class: str
    role: Literal["antidepressant", "augmentation"]
    status: TrialStatus
    weeks: float | None
    reasons: tuple[str, ...]
    missing: tuple[TrialFact, ...]


def _weeks(trial: MedicationTrial, as_of: dt.date) -> float | None:
    """Trial length: dates win over ``duration_weeks`` when both are present."""
    end = as_of if trial.ongoing else trial.end_date
    if trial.start_date is not None and end is not None:
        days = (end - trial.start_date).days
        # A start after the clock is a data error (documents.date_errors reports it): unknown.
        return days / 7 if days >= 0 else None
    return trial.duration_weeks


class _DrugFacts(NamedTuple):
    """What trial_assessment reads of a drug, once per drug (the hot path of long histories)."""

    name: str  # as written in rationales
    drug_class: str
    role: Literal["antidepressant", "augmentation"]
    minimum: float | None  # None: not judged for adequacy (augmentation)
    unconfirmed: tuple[str, ...]  # the note on an unconfirmed minimum, or ()


def _drug_facts(drug: Drug) -> _DrugFacts:
    name = drug.key.replace("_", " ")
    minimum = None if drug.role is DrugRole.AUGMENTATION else drug.min_adequate_mg
    unconfirmed: tuple[str, ...] = ()
    if minimum is not None and not drug.confirmed:
        unconfirmed = (f"The {minimum:g} mg/day minimum for {name} is unconfirmed or project policy.",)
    return _DrugFacts(name, drug.drug_class.value, drug.role.value, minimum, unconfirmed)


_DRUG_FACTS: dict[str, _DrugFacts] = {key: _drug_facts(drug) for key, drug in DRUGS.items()}
_EPISODE = {"yes": "current episode", "no": "an earlier episode", "unknown": "episode unknown"}


def _shown(weeks: float) -> str:
    # Rounded down, so a trial just short of 6 weeks never reads "6.0 weeks".
    return f"{math.floor(weeks * 10 + 1e-9) / 10:.1f}"


def trial_assessment(
    trial: MedicationTrial, *, as_of: dt.date, episode_start: dt.date | None = None
) -> TrialAssessment:
    """Judge one medication trial against criteria.md §1.1 [DESSEILLES-2011] and §1.3 doses.

    An adequate failure needs an antidepressant at >= the §1.3 minimum dose for >= 6 weeks
    (both limits inclusive) in the current episode with no or partial response. The trial has
    one dose, taken as the dose held for its whole length. Facts that rule the trial out win
    over unknowns (a response is a response whatever the dose); otherwise any unknown decisive
    fact makes the status "unknown". ``missing`` always lists the unknown decisive facts.
    Augmentation agents are "augmentation", counted apart and not judged for adequacy; only
    their episode is decisive.

    Second edition (criteria.md §10.4): poor adherence makes a trial inadequate; ending for side
    effects is apart from the outcome, so an adequate trial without response stays a failure even
    if it then ended for intolerance; a trial that ended before ``episode_start`` is not in the
    current episode.
    """
    drug = _DRUG_FACTS[trial.drug]
    weeks = _weeks(trial, as_of)
    status: TrialStatus
    if drug.minimum is None:
        # Only the episode decides how an augmentation trial counts (MSM, criteria.md §1.4).
        status = "augmentation"
        reasons: tuple[str, ...] = (
            f"{drug.name} is an augmentation agent ({_EPISODE[trial.current_episode]}).",
        )
        missing: tuple[TrialFact, ...] = ("current_episode",) if trial.current_episode == "unknown" else ()
    else:
        missing = _missing(trial, trial.daily_dose_mg, weeks)
        status, reasons = _judged(
            trial, drug.name, drug.minimum, drug.unconfirmed, weeks, episode_start, missing
        )
    # Field order as declared (``trusted``): drug, drug_class, role, status, weeks, reasons, missing.
    return trusted(
        TrialAssessment,
        {
            "drug": trial.drug,
            "drug_class": drug.drug_class,
            "role": drug.role,
            "status": status,
            "weeks": weeks,
            "reasons": reasons,
            "missing": missing,
        },
    )


def _judged(
    trial: MedicationTrial,
    name: str,
    minimum: float,
    notes: tuple[str, ...],
    weeks: float | None,
    episode_start: dt.date | None,
    missing: tuple[TrialFact, ...],
) -> tuple[TrialStatus, tuple[str, ...]]:
    """The status and reasons of an antidepressant trial: a blocker wins, then an unknown fact."""
    blockers = _blockers(trial, name, minimum, weeks, episode_start)
    if trial.adherence in ("partial", "unknown"):
        notes = (*notes, f"Adherence was {trial.adherence}: the trial counts, but confirm adherence.")
    if blockers:
        return blockers[0][0], (*(reason for _, reason in blockers), *notes)
    # What is left: no fact rules the trial out, so an unknown one keeps it open.
    dose = trial.daily_dose_mg
    if missing or dose is None or weeks is None or trial.outcome not in FAILED_OUTCOMES:
        unknown = ", ".join(fact.replace("_", " ") for fact in missing)
        return "unknown", (f"Cannot judge {name} yet: {unknown} not recorded.", *notes)
    then = (
        " It later ended for side effects, which does not undo the failure."
        if trial.ended_for_intolerance == "yes"
        else ""
    )
    return "adequate_failure", (
        f"{name} {dose:g} mg/day for {_shown(weeks)} weeks meets the minimum of {minimum:g} mg/day "
        f"for at least {MIN_TRIAL_WEEKS:g} weeks.",
        f"Outcome {trial.outcome.replace('_', ' ')} in the current episode: an adequate failed trial.{then}",
        *notes,
    )


def _missing(trial: MedicationTrial, dose: float | None, weeks: float | None) -> tuple[TrialFact, ...]:
    """The decisive facts of a trial that are not recorded."""
    if (
        dose is not None
        and weeks is not None
        and trial.outcome != "unknown"
        and trial.current_episode != "unknown"
    ):
        return ()
    missing: list[TrialFact] = []
    if dose is None:
        missing.append("dose")
    if weeks is None:
        missing.append("duration")
    if trial.outcome == "unknown":
        missing.append("outcome")
    if trial.current_episode == "unknown":
        missing.append("current_episode")
    return tuple(missing)


def _blockers(
    trial: MedicationTrial, name: str, minimum: float, weeks: float | None, episode_start: dt.date | None
) -> list[tuple[TrialStatus, str]]:
    """Every recorded fact that rules the trial out as an adequate failure, most decisive first."""
    blockers: list[tuple[TrialStatus, str]] = []
    if trial.current_episode == "no":
        blockers.append(("not_current_episode", f"{name} was taken in an earlier episode."))
    elif episode_start is not None and trial.end_date is not None and trial.end_date < episode_start:
        # criteria.md §10.4 `common.trd.episode_dates`: saving refuses this; a document evaluated
        # without saving (an import preview, the command line) is still read safely.
        blockers.append(
            (
                "not_current_episode",
                f"{name} ended on {day(trial.end_date)}, before the current episode began on "
                f"{day(episode_start)}.",
            )
        )
    if trial.outcome == "response":
        blockers.append(
            ("response", f"{name} brought a response (at least 50 % improvement): not a failure.")
        )
    if trial.adherence == "poor":
        # criteria.md §10.4 `common.trd.adherence`: poor adherence is pseudo-resistance [CANMAT-2023].
        blockers.append(
            (
                "poor_adherence",
                f"Adherence to {name} was poor, so it is not an adequate trial (apparent resistance may be "
                "non-adherence); confirm with pharmacy fill records or a drug level.",
            )
        )
    dose = trial.daily_dose_mg
    short_dose = dose is not None and dose < minimum
    short_weeks = weeks is not None and weeks < MIN_TRIAL_WEEKS
    if trial.ended_for_intolerance == "yes" and (short_dose or short_weeks):
        blockers.append(
            (
                "intolerance",
                f"{name} was stopped for side effects before an adequate trial: not a failure for the "
                "clinical count (some payers credit documented intolerance).",
            )
        )
    if dose is not None and short_dose:
        blockers.append(
            ("inadequate_dose", f"{name} {dose:g} mg/day is below the minimum of {minimum:g} mg/day.")
        )
    if weeks is not None and short_weeks:
        short = f"{name} for {_shown(weeks)} weeks is short of the {MIN_TRIAL_WEEKS:g} weeks needed."
        blockers.append(("inadequate_duration", short))
    return blockers


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
