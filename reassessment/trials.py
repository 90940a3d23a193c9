"""One medication trial judged against criteria.md §1.1 [DESSEILLES-2011] and the §1.3 minimum
doses: an adequate failure, or why not (response, intolerance, poor adherence, too low a dose,
too short, an earlier episode), or unknown while a decisive fact is missing.

Pure Python, no Django: pydantic models in, frozen pydantic models out, and the clock is the
``as_of`` argument. Unknown is never read as "no": a trial whose decisive facts are missing is
"unknown" unless the known facts already rule it out.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal, NamedTuple

from .catalog import DRUGS, Drug, DrugRole
from .dates import day
from .documents import MedicationTrial
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
    meets: str  # the end of an adequate trial's first reason (constants, written once)


def _drug_facts(drug: Drug) -> _DrugFacts:
    name = drug.key.replace("_", " ")
    minimum = None if drug.role is DrugRole.AUGMENTATION else drug.min_adequate_mg
    unconfirmed: tuple[str, ...] = ()
    if minimum is not None and not drug.confirmed:
        unconfirmed = (f"The {minimum:g} mg/day minimum for {name} is unconfirmed or project policy.",)
    meets = f" weeks meets the minimum of {minimum or 0:g} mg/day for at least {MIN_TRIAL_WEEKS:g} weeks."
    return _DrugFacts(name, drug.drug_class.value, drug.role.value, minimum, unconfirmed, meets)


_DRUG_FACTS: dict[str, _DrugFacts] = {key: _drug_facts(drug) for key, drug in DRUGS.items()}
_OUTCOME_WORDS = {outcome: outcome.replace("_", " ") for outcome in FAILED_OUTCOMES}
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
        status, reasons = _judged(trial, drug, drug.minimum, weeks, episode_start, missing)
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
    drug: _DrugFacts,
    minimum: float,
    weeks: float | None,
    episode_start: dt.date | None,
    missing: tuple[TrialFact, ...],
) -> tuple[TrialStatus, tuple[str, ...]]:
    """The status and reasons of an antidepressant trial: a blocker wins, then an unknown fact."""
    name, notes = drug.name, drug.unconfirmed
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
        f"{name} {dose:g} mg/day for {_shown(weeks)}{drug.meets}",
        f"Outcome {_OUTCOME_WORDS[trial.outcome]} in the current episode: an adequate failed trial.{then}",
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
