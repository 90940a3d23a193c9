"""Treatment-history facts (criteria.md §1, §10.4): the resistance summary and the sentences the
rules quote about counted, uncounted and unknown trials."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from reassessment.catalog import DRUGS
from reassessment.documents import MedicationTrial, ReassessmentDocument, Tri
from reassessment.staging import ResistanceSummary, treatment_resistance
from reassessment.trials import TrialAssessment

from .. import parameters as P
from ..words import drug_name, names


@dataclass(slots=True)
class TrialFacts:
    summary: ResistanceSummary
    n_failed: int
    n_unknown: int
    no_trials: bool  # no antidepressant trial at all (augmentation alone is no history)
    current_antidepressant: Tri
    current_antidepressants: str  # the ongoing antidepressants, named
    failed_text: str
    unknown_text: str
    intolerant_text: str
    not_counted_text: str
    adherence_doubtful: list[str]  # counted failures taken with partial or unknown adherence
    text: str  # ". Counted: …. Not counted: …" (criteria.md §10.4)


def trial_facts(document: ReassessmentDocument, as_of: dt.date) -> TrialFacts:
    summary = treatment_resistance(document, as_of=as_of)
    trials = document.medication_trials
    # One pass over the trials (long histories set the engine's cost): why each counted trial
    # counts (criteria.md §10.4), why the others do not, the ongoing antidepressants, and the
    # counted failures whose adherence is in doubt. Sets, then sorted: input order never shows.
    why: set[str] = set()
    not_counted: set[str] = set()
    current: set[str] = set()
    doubtful: set[str] = set()
    antidepressant = False
    for trial, assessed in zip(trials, summary.trials, strict=True):
        status = assessed.status
        if status == "adequate_failure":
            why.add(assessed.reasons[0].rstrip("."))
            if trial.adherence in ("partial", "unknown"):
                doubtful.add(drug_name(trial.drug))
        elif status not in _COUNTED_OR_OPEN:
            not_counted.add(_not_counted(trial, assessed))
        if assessed.role == "antidepressant":
            antidepressant = True
            if trial.ongoing:
                current.add(drug_name(trial.drug))
    not_counted.discard("")
    not_counted_text = "; ".join(sorted(not_counted))
    text = (f". Counted: {'; '.join(sorted(why))}" if why else "") + (
        f". Not counted: {not_counted_text}" if not_counted_text else ""
    )
    return TrialFacts(
        summary=summary,
        n_failed=summary.n_failed,
        n_unknown=summary.n_unknown,
        no_trials=not antidepressant,
        current_antidepressant=summary.current_antidepressant,
        current_antidepressants=names(sorted(current)),
        failed_text=names([drug_name(d) for d in summary.failed_drugs]),
        unknown_text=_unknown_text(summary) if summary.unknown_drugs else "",
        intolerant_text=names([drug_name(d) for d in summary.intolerant_drugs]),
        not_counted_text=not_counted_text,
        adherence_doubtful=sorted(doubtful),
        text=text,
    )


def _unknown_text(summary: ResistanceSummary) -> str:
    """Each drug that could still count, with the facts its trials lack."""
    # One pass over the trials; dicts keep the first-seen order of each drug's missing facts.
    missing: dict[str, dict[str, None]] = {drug: {} for drug in summary.unknown_drugs}
    for assessed in summary.trials:
        if assessed.status == "unknown" and assessed.drug in missing:
            missing[assessed.drug].update((m.replace("_", " "), None) for m in assessed.missing)
    return names(
        [
            f"{drug_name(drug)} ({names(list(facts)) or 'not judged'} unknown)"
            for drug, facts in missing.items()
        ]
    )


def _not_counted(trial: MedicationTrial, assessed: TrialAssessment) -> str:
    status = assessed.status
    if status in _COUNTED_OR_OPEN:
        return ""
    name = drug_name(trial.drug)
    if status == "inadequate_dose":
        minimum = DRUGS[trial.drug].min_adequate_mg or 0
        return f"{name} {trial.daily_dose_mg:g} mg/day is below the {minimum:g} mg/day minimum"
    if status == "inadequate_duration" and assessed.weeks is not None:
        shown = math.floor(assessed.weeks * 10 + 1e-9) / 10
        return f"{name} lasted {shown:.1f} weeks, under {P.MIN_TRIAL_WEEKS.value:g}"
    return _NOT_COUNTED.get(status, "").format(name=name)


_COUNTED_OR_OPEN = frozenset({"adequate_failure", "unknown", "augmentation"})
_NOT_COUNTED: dict[str, str] = {
    "response": "{name} brought a response",
    "intolerance": "{name} was stopped for side effects before an adequate trial",
    "poor_adherence": "adherence to {name} was poor",
    "not_current_episode": "{name} was taken in an earlier episode",
}
