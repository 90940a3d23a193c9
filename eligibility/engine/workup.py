"""Work-up reminders (criteria.md §6.1, §10.7 `workup.*`): shown in every report where they apply,
never a status. Each reminder has a stable id and a source like a rule, but no outcome: the reversible
contributors are for the clinician to rule out, not for the engine to weigh.
"""

from __future__ import annotations

from functools import lru_cache

from reassessment.dates import day
from reassessment.documents import LabResult
from reassessment.scales import LabFlag, SexAtBirth, lab_flag

from . import parameters as P
from .facts import Facts
from .words import joined

# id -> source, for the rules page and the tests ("every reminder id has a test").
WORKUP_SOURCES: dict[str, str] = {
    "workup.tsh": "criteria.md §6.1, §10.7 (clinic parameter) [CANMAT-2023]",
    "workup.depressogenic_drug": "criteria.md §6.1, §10.7 [CELANO-2011, ROGERS-PIES-2008]",
    "workup.sleep_apnoea": "criteria.md §6.1, §10.7 [CANMAT-2023]",
    "workup.substance_use": "criteria.md §6.1, §10.7 [CANMAT-2023]",
}


def workup_reminders(facts: Facts) -> tuple[str, ...]:
    """The reminders that apply to this record, in a fixed order."""
    document = facts.document
    reminders: list[str] = []
    limit = P.TSH_MAX_AGE_DAYS.value
    tshs = [
        lab
        for lab in document.labs
        if lab.test == "tsh" and 0 <= (facts.as_of - lab.collected_on).days <= limit
    ]
    latest = max(tshs, key=lambda lab: (lab.collected_on, lab.value or 0.0, lab.unit), default=None)
    if latest is None:
        reminders.append(
            "TSH has not been checked in the past 12 months: check thyroid function (thyroid disease is a "
            "reversible contributor)."
        )
    else:
        flag = _flag(latest, document.patient.sex_at_birth)
        if flag.flag in ("low", "high"):
            reminders.append(
                f"TSH of {day(latest.collected_on)} is {flag.flag} ({latest.value:g} {latest.unit}): treat "
                "or rule out thyroid disease before calling the depression resistant."
            )
    if facts.medicines.depressogenic:
        drugs = joined(list(facts.medicines.depressogenic))
        verb = "is" if len(facts.medicines.depressogenic) == 1 else "are"
        reminders.append(
            f"{drugs[:1].upper()}{drugs[1:]} {verb} on the medicine list and can cause or worsen "
            "depression: review with the prescriber."
        )
    osa = [c for c in document.reversible_contributors if c.contributor == "sleep_disorder_osa"]
    if not osa or all(c.status == "not_assessed" for c in osa):
        reminders.append("Sleep apnoea has not been assessed: screen for it (for example STOP-Bang).")
    if facts.substances.active:
        reminders.append(
            f"Active {joined(list(facts.substances.active))} use disorder: treat it alongside the "
            "depression; it can drive apparent resistance."
        )
    return tuple(reminders)


@lru_cache(maxsize=1024)
def _flag(lab: LabResult, sex: SexAtBirth) -> LabFlag:
    # A pure function of two frozen values: judged once per distinct result.
    return lab_flag(lab, sex)
