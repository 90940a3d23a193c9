"""What a reassessment still lacks for a full evaluation: each decisive fact left unknown.

Pure Python, no Django. The list is a reminder, not a verdict: the engine decides what an
unknown fact does to each treatment (criteria.md §0 `needs_information`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .documents import EVER_FIELD, Medical, ReassessmentDocument
from .results import Result
from .scales import cssrs_result
from .trials import trial_assessment


class MissingItem(Result):
    section: str  # top-level field of the document, e.g. "medical"
    item: str  # path inside the section, e.g. "implants.0.location"; "" when the section is empty
    why: str


# Why each fact matters, keyed "section.item" (item "" for an empty section), in report order.
# Sentences for the clinician: the source is named in words, never as a criteria.md anchor.
WHY: dict[str, str] = {
    "diagnosis.icd10_code": "A primary diagnosis code is needed for every indication and every payer.",
    "diagnosis.episode_start": (
        "Episode duration is a Maudsley dimension and dates the trials in this episode."
    ),
    "diagnosis.severity": "Severity is a Maudsley dimension and a payer criterion.",
    "diagnosis.psychotic_features": (
        "Psychotic features exclude TMS and ketamine and call for an ECT referral."
    ),
    "diagnosis.catatonia": "Catatonia calls for an ECT referral.",
    "diagnosis.bipolar_screen": "Without a bipolar screen all three treatments need information.",
    "co_occurring.bipolar_spectrum": "Bipolar status decides all three treatments.",
    "co_occurring.possible_past_hypomania": "A possible past hypomania is a bipolar caution for all three.",
    "co_occurring.family_history_bipolar": "A family history of bipolar disorder is a caution for all three.",
    "co_occurring.past_psychosis": "Past psychosis is a caution for Spravato and ketamine.",
    "medication_trials.": (
        "Adequate failed trials decide every indication; answer none of these if there are none."
    ),
    "medication_trials.trial": "Decides whether the trial is an adequate failure.",
    "medication_trials.intolerance": "Payers credit a trial stopped for side effects, so say whether it was.",
    "other_treatments.ect": "ECT use is a Maudsley dimension.",
    "prior_courses.": (
        "Past TMS, Spravato, ketamine or ECT courses decide retreatment and scores; answer none of "
        "these if there were none."
    ),
    "prior_courses.course": "A treatment given before needs its course: dates, sessions and response.",
    "medication_trials.augmentation": "Augmentation in the current episode is a Maudsley dimension.",
    "measurement.phq9": "A baseline PHQ-9 gives severity and item 9.",
    "safety.cssrs": "A C-SSRS screener from the past 30 days is needed for every candidacy evaluation.",
    "safety.cssrs.item": "An unanswered C-SSRS question could raise the risk level.",
    "medical.seizure_history": "Seizure history is a TMS caution.",
    "medical.family_history_epilepsy": "A family history of epilepsy is a TMS caution.",
    "medical.metal_or_implants": "Metal or implants near the head can contraindicate TMS.",
    "medical.implants": "Metal or implants are answered yes: list each one.",
    "medical.implant_location": "Metal in or within 30 cm of the head bars TMS.",
    "medical.implant_material": "Unknown material near the head: TMS needs information.",
    "medical.implant_site": "An endovascular coil away from the head is judged by its named site.",
    "medical.aneurysmal_vascular_disease": "Bars esketamine and ketamine.",
    "medical.aneurysm_site": "Where the aneurysm is decides how it bears on each treatment.",
    "medical.arteriovenous_malformation": "Bars esketamine and ketamine.",
    "medical.intracerebral_hemorrhage_history": "Bars esketamine and ketamine.",
    "medical.raised_icp_or_intracranial_mass": "Bars esketamine and ketamine and is a TMS caution.",
    "medical.recent_stroke_or_mi": (
        "A recent stroke or heart attack is a caution for esketamine and ketamine."
    ),
    "medical.hypertension": "Hypertension is an esketamine and ketamine caution.",
    "medical.latest_blood_pressure": "A blood pressure from the past 30 days is needed; above 140/90 needs "
    "control first.",
    "medical.pregnant": "Pregnancy excludes esketamine and ketamine.",
    "medical.ketamine_esketamine_hypersensitivity": "Bars esketamine and ketamine.",
    "medical.current_medications": "Stimulants, MAOIs, clozapine, tramadol and theophylline change the "
    "cautions; answer none of these if none is taken.",
    "substance_use.": "Substance use disorders decide ketamine and are cautions; answer none of these if "
    "there is no use.",
    "substance_use.disorder": "Whether use is a disorder, active or in remission.",
    "labs.tsh": "TSH is part of the reassessment work-up.",
    "reversible_contributors.sleep_disorder_osa": "Screen for sleep apnoea.",
    "reversible_contributors.thyroid": "Thyroid disease is a reversible contributor.",
    "reversible_contributors.substances": "Substance use is a reversible contributor.",
    "reversible_contributors.medication_effects": (
        "Medicines that can worsen mood are a reversible contributor."
    ),
    "logistics.daily_visits_possible": "TMS needs daily visits for weeks.",
    "logistics.driver_after_dosing": "No driving after esketamine or ketamine.",
    "logistics.preference": "The patient's preference guides the choice between treatments.",
}
_UNKNOWN_MEDICAL = (
    "seizure_history",
    "family_history_epilepsy",
    "metal_or_implants",
    "aneurysmal_vascular_disease",
    "arteriovenous_malformation",
    "intracerebral_hemorrhage_history",
    "raised_icp_or_intracranial_mass",
    "recent_stroke_or_mi",
)
_UNKNOWN_CO_OCCURRING = (
    "bipolar_spectrum",
    "possible_past_hypomania",
    "family_history_bipolar",
    "past_psychosis",
)
# The field to fill for each unknown fact of a trial (duration: dates or duration_weeks).
_TRIAL_FIELDS = {"dose": "daily_dose_mg", "duration": "duration_weeks", "outcome": "outcome"}
_CONTRIBUTORS = ("sleep_disorder_osa", "thyroid", "substances", "medication_effects")
# Trial statuses short of adequate, where ending for side effects is what a payer may credit.
_SHORT = ("inadequate_dose", "inadequate_duration")


def completeness(document: ReassessmentDocument) -> tuple[MissingItem, ...]:
    """Every fact a full evaluation needs that is still missing or unknown, in a stable order.

    Beyond empty sections and unknown fields: a medication trial of status "unknown"
    (criteria.md §1.1, judged as of ``assessed_on``) lists each unknown decisive fact, and an
    augmentation trial of unknown episode, unknown ECT use and a C-SSRS left at level "unknown"
    are listed too, so a complete document has a Maudsley score and a C-SSRS level. Implants: an
    unknown location is listed; an unknown material only when the implant is not known to sit
    away from the head (§3.3 `tms.unknown_implant`); dental-only implants never, as they
    contraindicate nothing (§3.3). Pregnancy is asked unless the sex at birth is male.

    Second edition (§10): a list answered "None of these" is complete; the new history facts
    are asked while unknown; a trial short of adequate asks whether it ended for side effects; an
    interventional treatment said to have been given asks for its course; an endovascular coil
    away from the head asks for its named site, and aneurysmal disease for the aneurysm's site.
    """
    return tuple(
        MissingItem(section=section, item=name if item is None else item, why=WHY[key])
        for part in _PARTS
        for key, item in part(document)
        for section, _, name in (key.partition("."),)
    )


# Each part yields (WHY key, item path or None for the key's own item), in report order.
Found = Iterator[tuple[str, str | None]]


def _diagnosis(document: ReassessmentDocument) -> Found:
    dx = document.diagnosis
    if dx.icd10_code is None:
        yield "diagnosis.icd10_code", None
    if dx.episode_start is None:
        yield "diagnosis.episode_start", None
    if dx.severity == "unknown":
        yield "diagnosis.severity", None
    if dx.psychotic_features == "unknown":
        yield "diagnosis.psychotic_features", None
    if dx.catatonia == "unknown":
        yield "diagnosis.catatonia", None
    if dx.bipolar_screen == "not_done":
        yield "diagnosis.bipolar_screen", None
    for field in _UNKNOWN_CO_OCCURRING:
        if getattr(document.co_occurring, field) == "unknown":
            yield f"co_occurring.{field}", None


def _trials(document: ReassessmentDocument) -> Found:
    if not document.medication_trials and not document.answered_none("medication_trials"):
        yield "medication_trials.", None
    start = document.diagnosis.episode_start
    for i, trial in enumerate(document.medication_trials):
        assessment = trial_assessment(trial, as_of=document.assessed_on, episode_start=start)
        if assessment.status == "unknown":
            for fact in assessment.missing:
                yield "medication_trials.trial", f"{i}.{_TRIAL_FIELDS.get(fact, fact)}"
        elif assessment.status == "augmentation" and assessment.missing:
            yield "medication_trials.augmentation", f"{i}.current_episode"
        # A trial short of adequate may still be one payers credit as intolerance (criteria.md §10.4).
        if assessment.status in _SHORT and trial.ended_for_intolerance == "unknown" and not trial.ongoing:
            yield "medication_trials.intolerance", f"{i}.ended_for_intolerance"


def _other_treatments(document: ReassessmentDocument) -> Found:
    if document.other_treatments.ect == "unknown":
        yield "other_treatments.ect", None
    ever = {treatment: getattr(document.other_treatments, field) for treatment, field in EVER_FIELD.items()}
    given = {course.treatment for course in document.prior_courses}
    answered = bool(document.prior_courses) or document.answered_none("prior_courses")
    if not answered and any(answer != "no" for answer in ever.values()):
        yield "prior_courses.", None
    elif answered:
        # Said to have been given, yet no course of it is listed.
        for treatment, answer in ever.items():
            if answer == "yes" and treatment not in given:
                yield "prior_courses.course", treatment


def _measurement_and_safety(document: ReassessmentDocument) -> Found:
    if not document.measurement.phq9:
        yield "measurement.phq9", None
    if document.safety.cssrs is None:
        yield "safety.cssrs", None
    elif (screen := cssrs_result(document.safety.cssrs)).level == "unknown":
        for question in screen.unanswered:
            yield "safety.cssrs.item", f"cssrs.{question}"


def _medical(document: ReassessmentDocument) -> Found:
    medical = document.medical
    for field in _UNKNOWN_MEDICAL:
        if getattr(medical, field) == "unknown":
            yield f"medical.{field}", None
    if medical.metal_or_implants == "yes" and not medical.implants:
        yield "medical.implants", "implants"
    yield from _implants(medical)
    if medical.aneurysmal_vascular_disease == "yes" and medical.aneurysm_site is None:
        yield "medical.aneurysm_site", None
    if medical.hypertension == "unknown":
        yield "medical.hypertension", None
    if medical.latest_blood_pressure is None:
        yield "medical.latest_blood_pressure", None
    if medical.pregnant == "unknown" and document.patient.sex_at_birth != "male":
        yield "medical.pregnant", None
    if medical.ketamine_esketamine_hypersensitivity == "unknown":
        yield "medical.ketamine_esketamine_hypersensitivity", None
    if not medical.current_medications and not document.answered_none("current_medications"):
        yield "medical.current_medications", None


def _implants(medical: Medical) -> Found:
    for i, implant in enumerate(medical.implants):
        if implant.kind in ("dental_only", "external_item"):
            continue
        if implant.location == "unknown":
            yield "medical.implant_location", f"implants.{i}.location"
        if implant.magnetic_or_conductive == "unknown" and implant.location != "elsewhere":
            yield "medical.implant_material", f"implants.{i}.magnetic_or_conductive"
        if implant.kind == "endovascular_coil" and implant.location == "elsewhere" and not implant.site:
            yield "medical.implant_site", f"implants.{i}.site"


def _substances_labs_contributors(document: ReassessmentDocument) -> Found:
    if not document.substance_use and not document.answered_none("substance_use"):
        yield "substance_use.", None
    for i, entry in enumerate(document.substance_use):
        if entry.disorder == "unknown":
            yield "substance_use.disorder", f"{i}.disorder"
    if not any(lab.test == "tsh" for lab in document.labs):
        yield "labs.tsh", None
    assessed: set[str] = {
        c.contributor for c in document.reversible_contributors if c.status != "not_assessed"
    }
    if document.answered_none("reversible_contributors"):
        assessed = set(_CONTRIBUTORS)  # each considered, none present
    for contributor in _CONTRIBUTORS:
        if contributor not in assessed:
            yield f"reversible_contributors.{contributor}", None


def _logistics(document: ReassessmentDocument) -> Found:
    for field in ("daily_visits_possible", "driver_after_dosing", "preference"):
        if getattr(document.logistics, field) == "unknown":
            yield f"logistics.{field}", None


_PARTS: tuple[Callable[[ReassessmentDocument], Found], ...] = (
    _diagnosis,
    _trials,
    _other_treatments,
    _measurement_and_safety,
    _medical,
    _substances_labs_contributors,
    _logistics,
)
