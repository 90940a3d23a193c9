"""Treatment-history facts (criteria.md §1, §10.4): the resistance summary and the sentences the
rules quote about counted, uncounted and unknown trials."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from reassessment.catalog import DRUGS, DrugRole
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
    not_counted = _not_counted_text(trials, summary.trials)
    # Why each counted trial counts (criteria.md §10.4), then what does not count and why.
    why = sorted({t.reasons[0].rstrip(".") for t in summary.trials if t.status == "adequate_failure"})
    text = (f". Counted: {'; '.join(why)}" if why else "") + (
        f". Not counted: {not_counted}" if not_counted else ""
    )
    current = {
        drug_name(t.drug) for t in trials if t.ongoing and DRUGS[t.drug].role is DrugRole.ANTIDEPRESSANT
    }
    return TrialFacts(
        summary=summary,
        n_failed=summary.n_failed,
        n_unknown=summary.n_unknown,
        no_trials=not any(DRUGS[t.drug].role is DrugRole.ANTIDEPRESSANT for t in trials),
        current_antidepressant=summary.current_antidepressant,
        current_antidepressants=names(sorted(current)),
        failed_text=names([drug_name(d) for d in summary.failed_drugs]),
        unknown_text=_unknown_text(summary),
        intolerant_text=names([drug_name(d) for d in summary.intolerant_drugs]),
        not_counted_text=not_counted,
        adherence_doubtful=sorted(
            {
                drug_name(trial.drug)
                for trial, assessed in zip(trials, summary.trials, strict=True)
                if assessed.status == "adequate_failure" and trial.adherence in ("partial", "unknown")
            }
        ),
        text=text,
    )


def _unknown_text(summary: ResistanceSummary) -> str:
    """Each drug that could still count, with the facts its trials lack."""
    unknown: list[str] = []
    for drug in summary.unknown_drugs:
        missing: list[str] = []
        for assessed in summary.trials:
            if assessed.drug == drug and assessed.status == "unknown":
                missing.extend(
                    m.replace("_", " ") for m in assessed.missing if m.replace("_", " ") not in missing
                )
        unknown.append(f"{drug_name(drug)} ({names(missing) or 'not judged'} unknown)")
    return names(unknown)


def _not_counted_text(trials: tuple[MedicationTrial, ...], assessed: tuple[TrialAssessment, ...]) -> str:
    """Why each trial that does not count does not; sorted, so input order never shows."""
    reasons = {
        reason
        for trial, assessment in zip(trials, assessed, strict=True)
        if (reason := _not_counted(trial, assessment))
    }
    return "; ".join(sorted(reasons))


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
