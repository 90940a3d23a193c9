"""What a reassessment still lacks for a full evaluation: each decisive fact left unknown.

Pure Python, no Django. The list is a reminder, not a verdict: the engine decides what an
unknown fact does to each treatment (criteria.md §0 `needs_information`).
"""

from __future__ import annotations

from .documents import ReassessmentDocument
from .scales import Result, cssrs_result
from .staging import trial_assessment


class MissingItem(Result):
    section: str  # top-level field of the document, e.g. "medical"
    item: str  # path inside the section, e.g. "implants.0.location"; "" when the section is empty
    why: str


# Why each fact matters, keyed "section.item" (item "" for an empty section), in report order.
WHY: dict[str, str] = {
    "diagnosis.icd10_code": "A primary diagnosis code is needed for every indication (criteria.md §7.3).",
    "diagnosis.episode_start": "Episode duration is a Maudsley dimension (criteria.md §1.4).",
    "diagnosis.severity": "Severity is a Maudsley dimension and a payer criterion (criteria.md §1.4, §3.6).",
    "diagnosis.psychotic_features": "Psychotic features exclude TMS and ketamine (criteria.md §3.5, §4.2).",
    "diagnosis.bipolar_screen": "Without a bipolar screen all three treatments need information (§6.2).",
    "co_occurring.bipolar_spectrum": "Bipolar status decides all three treatments (criteria.md §6.2).",
    "medication_trials.": "Adequate failed trials decide every indication (criteria.md §1.1, §1.2).",
    "medication_trials.trial": "Decides whether the trial is an adequate failure (criteria.md §1.1).",
    "other_treatments.ect": "ECT use is a Maudsley dimension (criteria.md §1.4).",
    "medication_trials.augmentation": "Augmentation in the current episode is a Maudsley dimension (§1.4).",
    "measurement.phq9": "A baseline PHQ-9 gives severity and item 9 (criteria.md §5.1, §7.2).",
    "safety.cssrs": "A C-SSRS screener sets the suicide-risk rules (criteria.md §5.3, §8).",
    "safety.cssrs.item": "An unanswered C-SSRS question could raise the risk level (criteria.md §5.3).",
    "medical.seizure_history": "Seizure history is a TMS caution (criteria.md §3.4).",
    "medical.metal_or_implants": "Metal or implants near the head can contraindicate TMS (criteria.md §3.3).",
    "medical.implant_location": "Metal in or within 30 cm of the head bars TMS (criteria.md §3.3).",
    "medical.implant_material": "Unknown material near the head: TMS needs information (criteria.md §3.3).",
    "medical.aneurysmal_vascular_disease": "Bars esketamine and ketamine (criteria.md §2.2, §4.2).",
    "medical.arteriovenous_malformation": "Bars esketamine and ketamine (criteria.md §2.2, §4.2).",
    "medical.intracerebral_hemorrhage_history": "Bars esketamine and ketamine (criteria.md §2.2, §4.2).",
    "medical.hypertension": "Hypertension is an esketamine and ketamine caution (criteria.md §2.3, §4.2).",
    "medical.latest_blood_pressure": "Blood pressure > 140/90 needs control first (criteria.md §2.3, §2.4).",
    "medical.pregnant": "Pregnancy excludes esketamine and ketamine (criteria.md §2.3, §4.2).",
    "medical.ketamine_esketamine_hypersensitivity": "Bars esketamine and ketamine (criteria.md §2.2, §4.2).",
    "substance_use.": "Substance use disorders decide ketamine and are cautions (criteria.md §2.3, §4.2).",
    "substance_use.disorder": "Whether use is a disorder, active or in remission (criteria.md §4.2).",
    "labs.tsh": "TSH is part of the reassessment work-up (criteria.md §6.1).",
    "reversible_contributors.sleep_disorder_osa": "Screen for sleep apnoea (criteria.md §6.1).",
    "reversible_contributors.thyroid": "Thyroid disease is a reversible contributor (criteria.md §6.1).",
    "reversible_contributors.substances": "Substance use is a reversible contributor (criteria.md §6.1).",
    "reversible_contributors.medication_effects": "Depressogenic drugs are a reversible contributor (§6.1).",
    "logistics.daily_visits_possible": "TMS needs daily visits for weeks (criteria.md §3.2, §8).",
    "logistics.driver_after_dosing": "No driving after esketamine or ketamine (criteria.md §2.4, §8).",
    "logistics.preference": "The patient's preference guides the choice between treatments.",
}
_UNKNOWN_MEDICAL = (
    "seizure_history",
    "metal_or_implants",
    "aneurysmal_vascular_disease",
    "arteriovenous_malformation",
    "intracerebral_hemorrhage_history",
)
# The field to fill for each unknown fact of a trial (duration: dates or duration_weeks).
_TRIAL_FIELDS = {"dose": "daily_dose_mg", "duration": "duration_weeks", "outcome": "outcome"}
_CONTRIBUTORS = ("sleep_disorder_osa", "thyroid", "substances", "medication_effects")


def completeness(document: ReassessmentDocument) -> tuple[MissingItem, ...]:
    """Every fact a full evaluation needs that is still missing or unknown, in a stable order.

    Beyond empty sections and unknown fields: a medication trial of status "unknown"
    (criteria.md §1.1, judged as of ``assessed_on``) lists each unknown decisive fact, and an
    augmentation trial of unknown episode, unknown ECT use and a C-SSRS left at level "unknown"
    are listed too, so a complete document has a Maudsley score and a C-SSRS level. Implants: an
    unknown location is listed; an unknown material only when the implant is not known to sit
    away from the head (§3.3 `tms.unknown_implant`); dental-only implants never, as they
    contraindicate nothing (§3.3). Pregnancy is asked unless the sex at birth is male.
    """
    items: list[MissingItem] = []

    def add(key: str, item: str | None = None) -> None:
        section, _, name = key.partition(".")
        items.append(MissingItem(section=section, item=name if item is None else item, why=WHY[key]))

    dx = document.diagnosis
    if dx.icd10_code is None:
        add("diagnosis.icd10_code")
    if dx.episode_start is None:
        add("diagnosis.episode_start")
    if dx.severity == "unknown":
        add("diagnosis.severity")
    if dx.psychotic_features == "unknown":
        add("diagnosis.psychotic_features")
    if dx.bipolar_screen == "not_done":
        add("diagnosis.bipolar_screen")
    if document.co_occurring.bipolar_spectrum == "unknown":
        add("co_occurring.bipolar_spectrum")

    if not document.medication_trials:
        add("medication_trials.")
    for i, trial in enumerate(document.medication_trials):
        assessment = trial_assessment(trial, as_of=document.assessed_on)
        if assessment.status == "unknown":
            for fact in assessment.missing:
                add("medication_trials.trial", f"{i}.{_TRIAL_FIELDS.get(fact, fact)}")
        elif assessment.status == "augmentation" and assessment.missing:
            add("medication_trials.augmentation", f"{i}.current_episode")
    if document.other_treatments.ect == "unknown":
        add("other_treatments.ect")
    if not document.measurement.phq9:
        add("measurement.phq9")
    if document.safety.cssrs is None:
        add("safety.cssrs")
    elif (screen := cssrs_result(document.safety.cssrs)).level == "unknown":
        for question in screen.unanswered:
            add("safety.cssrs.item", f"cssrs.{question}")

    medical = document.medical
    for field in _UNKNOWN_MEDICAL:
        if getattr(medical, field) == "unknown":
            add(f"medical.{field}")
    for i, implant in enumerate(medical.implants):
        if implant.kind == "dental_only":
            continue
        if implant.location == "unknown":
            add("medical.implant_location", f"implants.{i}.location")
        if implant.magnetic_or_conductive == "unknown" and implant.location != "elsewhere":
            add("medical.implant_material", f"implants.{i}.magnetic_or_conductive")
    if medical.hypertension == "unknown":
        add("medical.hypertension")
    if medical.latest_blood_pressure is None:
        add("medical.latest_blood_pressure")
    if medical.pregnant == "unknown" and document.patient.sex_at_birth != "male":
        add("medical.pregnant")
    if medical.ketamine_esketamine_hypersensitivity == "unknown":
        add("medical.ketamine_esketamine_hypersensitivity")

    if not document.substance_use:
        add("substance_use.")
    for i, entry in enumerate(document.substance_use):
        if entry.disorder == "unknown":
            add("substance_use.disorder", f"{i}.disorder")
    if not any(lab.test == "tsh" for lab in document.labs):
        add("labs.tsh")
    assessed = {c.contributor for c in document.reversible_contributors if c.status != "not_assessed"}
    for contributor in _CONTRIBUTORS:
        if contributor not in assessed:
            add(f"reversible_contributors.{contributor}")

    logistics = document.logistics
    for field in ("daily_visits_possible", "driver_after_dosing", "preference"):
        if getattr(logistics, field) == "unknown":
            add(f"logistics.{field}")
    return tuple(items)
