"""Medicines taken now (criteria.md §6.1, §10.5): ongoing MAOIs and the listed medicines that
raise blood pressure, lower the seizure threshold, deepen depression or sedate."""

from __future__ import annotations

from dataclasses import dataclass

from reassessment.catalog import DRUGS, OTHER_DRUGS, DrugClass, Effect
from reassessment.documents import ReassessmentDocument

from .. import parameters as P
from ..words import drug_name


@dataclass(slots=True)
class MedicineFacts:
    # Each a sorted tuple of names as written in a sentence.
    maoi: tuple[str, ...]
    stimulants: tuple[str, ...]
    seizure: tuple[str, ...]  # lowering the seizure threshold, bupropion above the limit included
    depressogenic: tuple[str, ...]
    opioids: tuple[str, ...]
    benzodiazepines: tuple[str, ...]


def medicine_facts(document: ReassessmentDocument) -> MedicineFacts:
    ongoing = [t for t in document.medication_trials if t.ongoing]
    listed = document.medical.current_medications

    def having(effect: Effect) -> set[str]:
        return {drug_name(m.drug) for m in listed if effect in OTHER_DRUGS[m.drug].effects}

    seizure = having(Effect.SEIZURE_THRESHOLD)
    limit = P.TMS_SEIZURE_BUPROPION_MAX_MG.value
    for trial in ongoing:
        if trial.drug == "bupropion" and trial.daily_dose_mg is not None and trial.daily_dose_mg > limit:
            seizure.add(f"bupropion {trial.daily_dose_mg:g} mg/day (above {limit} mg/day)")
    return MedicineFacts(
        maoi=tuple(
            sorted({drug_name(t.drug) for t in ongoing if DRUGS[t.drug].drug_class is DrugClass.MAOI})
        ),
        stimulants=tuple(sorted(having(Effect.STIMULANT))),
        seizure=tuple(sorted(seizure)),
        depressogenic=tuple(sorted(having(Effect.DEPRESSOGENIC))),
        opioids=tuple(sorted(having(Effect.OPIOID))),
        benzodiazepines=tuple(sorted(having(Effect.BENZODIAZEPINE))),
    )
