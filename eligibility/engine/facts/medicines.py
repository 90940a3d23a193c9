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
    # One pass over the listed medicines: each one's name goes under every effect it has.
    having: dict[Effect, set[str]] = {effect: set() for effect in Effect}
    for medicine in document.medical.current_medications:
        name = drug_name(medicine.drug)
        for effect in OTHER_DRUGS[medicine.drug].effects:
            having[effect].add(name)
    seizure = having[Effect.SEIZURE_THRESHOLD]
    maoi: set[str] = set()
    limit = P.TMS_SEIZURE_BUPROPION_MAX_MG.value
    for trial in document.medication_trials:
        if not trial.ongoing:
            continue
        if DRUGS[trial.drug].drug_class is DrugClass.MAOI:
            maoi.add(drug_name(trial.drug))
        if trial.drug == "bupropion" and trial.daily_dose_mg is not None and trial.daily_dose_mg > limit:
            seizure.add(f"bupropion {trial.daily_dose_mg:g} mg/day (above {limit} mg/day)")
    return MedicineFacts(
        maoi=tuple(sorted(maoi)),
        stimulants=tuple(sorted(having[Effect.STIMULANT])),
        seizure=tuple(sorted(seizure)),
        depressogenic=tuple(sorted(having[Effect.DEPRESSOGENIC])),
        opioids=tuple(sorted(having[Effect.OPIOID])),
        benzodiazepines=tuple(sorted(having[Effect.BENZODIAZEPINE])),
    )
