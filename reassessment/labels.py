"""What a clinician reads for each field and answer of the document: labels, help text, the
words for each coded value, and errors turned into sentences that name the field, not its key.

Pure Python, no Django. Keyed by the document's own model and field names, so a new field
without a label is caught by a test (tests/reassessment/test_intake_second_edition.py,
``test_every_field_of_the_document_has_a_label_in_words``), never shown as ``snake_case`` on a page.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from . import documents as d
from .catalog import DRUGS, ICD10_CODES, OTHER_DRUGS

TRI = {"yes": "Yes", "no": "No", "unknown": "Unknown"}

# Field labels, by field name; "Model.field" where one name means different things.
FIELD_LABELS: dict[str, str] = {
    # Diagnosis
    "icd10_code": "Primary diagnosis (ICD-10-CM)",
    "episode_start": "Start of the current episode",
    "severity": "Severity of the current episode",
    "psychotic_features": "Psychotic features in this episode",
    "catatonia": "Catatonia in this episode",
    "anxious_distress": "With anxious distress",
    "mixed_features": "With mixed features",
    "peripartum_onset": "Peripartum onset",
    "seasonal_pattern": "Seasonal pattern",
    "bipolar_screen": "Bipolar screen",
    # Co-occurring conditions
    "anxiety_disorder": "Anxiety disorder",
    "ptsd": "Post-traumatic stress disorder",
    "ocd": "Obsessive-compulsive disorder",
    "bipolar_spectrum": "Bipolar-spectrum disorder (confirmed)",
    "possible_past_hypomania": "Possible past hypomania",
    "family_history_bipolar": "Family history of bipolar disorder",
    "past_psychosis": "Psychosis before this episode",
    "eating_disorder": "Eating disorder",
    "personality_disorder": "Personality disorder",
    "neurodevelopmental": "Neurodevelopmental condition",
    "CoOccurring.other": "Other conditions",
    # Medication trials
    "MedicationTrial.drug": "Drug",
    "daily_dose_mg": "Daily dose (mg)",
    "start_date": "Start date",
    "end_date": "End date",
    "duration_weeks": "Duration in weeks",
    "ongoing": "Still taking it",
    "adherence": "Adherence",
    "outcome": "Outcome",
    "ended_for_intolerance": "Ended for side effects (intolerance)",
    "current_episode": "In the current episode",
    # Psychotherapy
    "modality": "Therapy",
    "sessions": "Sessions",
    "weeks": "Weeks",
    "evidence_based": "Evidence-based protocol",
    # Interventional treatments
    "ect": "ECT ever given",
    "tms": "TMS ever given",
    "esketamine": "Spravato (esketamine) ever given",
    "ketamine": "Ketamine ever given",
    "treatment": "Treatment",
    "PriorCourse.sessions": "Sessions, doses or infusions",
    "response_percent": "Improvement (%)",
    "relapsed": "Symptoms returned after the course",
    # Measurement
    "administered_on": "Date given",
    "items": "Item scores",
    "scale": "Scale",
    "total": "Total score",
    # Safety (C-SSRS screener, numbered as on the form)
    "cssrs": "C-SSRS screener",
    "Cssrs.administered_on": "C-SSRS date",
    "wish_to_be_dead": "1. Wished to be dead or not to wake up",
    "suicidal_thoughts": "2. Thoughts of killing themself",
    "thoughts_of_method": "3. Thought about how they might do it",
    "intent": "4. Had some intention of acting on the thoughts",
    "plan_with_intent": "5. Worked out details of a plan, and intends to carry it out",
    "behavior_ever": "6. Ever did, started or prepared anything to end their life",
    "behavior_within_3_months": "6, follow-up. Was that within the past 3 months?",
    "safety_plan": "Safety plan",
    # Medical history
    "seizure_history": "Seizure or epilepsy history",
    "seizure_threshold_risks": "Other things that lower the seizure threshold",
    "family_history_epilepsy": "Family history of epilepsy",
    "head_injury": "Significant head injury",
    "metal_or_implants": "Any implant, device or metal in or on the body",
    "implants": "Implants, devices and metal",
    "aneurysmal_vascular_disease": "Aneurysmal vascular disease",
    "aneurysm_site": "Where the aneurysm is",
    "arteriovenous_malformation": "Arteriovenous malformation",
    "intracerebral_hemorrhage_history": "Bleeding in the brain (intracerebral haemorrhage) ever",
    "raised_icp_or_intracranial_mass": "Raised intracranial pressure or an intracranial mass",
    "recent_stroke_or_mi": "Stroke or heart attack in the past 6 months",
    "hypertension": "Hypertension",
    "latest_blood_pressure": "Latest blood pressure",
    "measured_on": "Blood pressure: date measured",
    "systolic": "Blood pressure: systolic (mmHg)",
    "diastolic": "Blood pressure: diastolic (mmHg)",
    "other_cardiovascular_disease": "Other cardiovascular disease",
    "pregnant": "Pregnant",
    "breastfeeding": "Breastfeeding",
    "hepatic_impairment": "Liver impairment",
    "ketamine_esketamine_hypersensitivity": "Hypersensitivity to ketamine or esketamine",
    "opioid_use": "Takes an opioid",
    "benzodiazepine_use": "Takes a benzodiazepine",
    "current_medications": "Current medicines",
    "relevant_current_medications": "Other current medicines (free text)",
    # Implants
    "kind": "Device or item",
    "location": "Where it is",
    "site": "Named body site",
    "magnetic_or_conductive": "Magnetic or conductive material",
    "removable": "Removable (external items only)",
    # Current medicines
    "CurrentMedication.drug": "Medicine",
    # Substance use
    "substance": "Substance",
    "current_use": "Current use",
    "disorder": "Substance use disorder",
    # Labs
    "test": "Test",
    "collected_on": "Date collected",
    "value": "Value",
    "unit": "Unit",
    "result": "Result (qualitative tests)",
    # Reversible contributors
    "contributor": "Contributor",
    "status": "Status",
    # Logistics
    "daily_visits_possible": "Can attend daily visits for about 6 weeks",
    "driver_after_dosing": "Has a driver home after each dose",
    "preference": "Patient's preference",
    "notes": "Notes",
    # The document
    "assessed_on": "Assessment date",
    "date_of_birth": "Date of birth",
    "sex_at_birth": "Sex at birth",
    "none_of_these": "Lists answered none of these",
    "other": "Other",
}

FIELD_HELP: dict[str, str] = {
    "icd10_code": "The primary diagnosis of the current episode.",
    "catatonia": "Catatonic features in this episode (stupor, mutism, posturing, negativism).",
    "bipolar_screen": "A bipolar screening questionnaire such as the MDQ.",
    "possible_past_hypomania": "A history suggesting hypomania (days of raised mood or energy, less need "
    "for sleep), not confirmed as bipolar disorder.",
    "family_history_bipolar": "Bipolar disorder in a parent, brother, sister or child.",
    "past_psychosis": "Psychotic symptoms at any time before this episode.",
    "neurodevelopmental": "For example ADHD or autism.",
    "daily_dose_mg": "Leave blank if the dose is not known.",
    "duration_weeks": "When the start and end dates are not known.",
    "adherence": "Poor adherence means the trial does not count as adequate.",
    "outcome": "Response: at least 50% better. Partial response: 25 to 49%. No response: under 25%.",
    "ended_for_intolerance": "Whether the trial was stopped because of side effects. Record the outcome "
    "before the side effects above, apart from this.",
    "current_episode": "A trial that ended before the current episode began is not in it.",
    "PriorCourse.sessions": "TMS sessions, Spravato doses or ketamine infusions given.",
    "response_percent": "Improvement on a rating scale from the start of the course, in percent.",
    "relapsed": "Whether symptoms returned after the course ended.",
    "seizure_threshold_risks": "Conditions not on the current medicines list, such as alcohol or "
    "benzodiazepine withdrawal.",
    "family_history_epilepsy": "Epilepsy in a parent, brother, sister or child.",
    "metal_or_implants": "Answer here; list each item on the Implants, devices and metal page.",
    "aneurysm_site": "Only when aneurysmal vascular disease is present.",
    "raised_icp_or_intracranial_mass": "For example a brain tumour or idiopathic intracranial hypertension.",
    "recent_stroke_or_mi": "A stroke or a myocardial infarction in the past 6 months.",
    "relevant_current_medications": "Anything else worth knowing; the rules read the Current medicines list.",
    "kind": "What the device or item is: its type decides TMS safety first.",
    "location": "In the head, within 30 cm of where the TMS coil sits, or elsewhere in the body.",
    "site": "Name the site when it is elsewhere, for example splenic artery.",
    "removable": "Only an external item (jewellery, hair clip, hearing aid, glasses) can be taken off "
    "before TMS; an implanted device cannot be marked removable.",
    "CurrentMedication.daily_dose_mg": "Leave blank if the dose is not known.",
    "opioid_use": "Including buprenorphine or methadone.",
    "result": "For qualitative tests such as a urine drug screen.",
}

# Words for coded answers, by value; "field:value" where one value means different things.
VALUE_LABELS: dict[str, str] = {
    **TRI,
    "not_done": "Not done",
    "subsyndromal": "Subsyndromal",
    "response": "Response (50% or more better)",
    "partial_response": "Partial response (25 to 49% better)",
    "no_response": "No response (under 25% better)",
    "dropped_out": "Dropped out",
    "cbt": "Cognitive behavioural therapy",
    "ipt": "Interpersonal therapy",
    "behavioural_activation": "Behavioural activation",
    "dbt": "Dialectical behaviour therapy",
    "psychodynamic": "Psychodynamic therapy",
    "treatment:tms": "TMS",
    "treatment:spravato": "Spravato (esketamine)",
    "treatment:ketamine": "Ketamine",
    "treatment:ect": "ECT",
    "madrs": "MADRS",
    "hamd17": "HAM-D (17 items)",
    "cochlear_implant": "Cochlear implant",
    "deep_brain_stimulator": "Deep brain stimulator or other implanted brain electrode",
    "vagus_nerve_stimulator": "Vagus nerve stimulator",
    "aneurysm_clip_or_coil": "Aneurysm clip or coil (in the head)",
    "endovascular_coil": "Endovascular coil",
    "cardiac_pacemaker_or_icd": "Cardiac pacemaker or defibrillator",
    "stent": "Stent",
    "shrapnel_or_bullet": "Bullet or shrapnel fragments",
    "dental_only": "Dental work only",
    "external_item": "External item (jewellery, hair clip, hearing aid, glasses)",
    "head": "In the head",
    "within_30cm_of_head": "Within 30 cm of the head",
    "elsewhere": "Elsewhere in the body",
    "intracranial": "Intracranial",
    "thoracic_aorta": "Thoracic aorta",
    "abdominal_aorta": "Abdominal aorta",
    "peripheral": "Peripheral artery",
    "hypertension:none": "None",
    "controlled": "Controlled",
    "uncontrolled": "Uncontrolled",
    "mild_moderate": "Mild or moderate",
    "disorder:none": "No disorder",
    "active": "Active disorder",
    "early_remission": "In early remission",
    "sustained_remission": "In sustained remission",
    "dissociatives": "Dissociatives",
    "tsh": "TSH",
    "free_t4": "Free T4",
    "b12": "Vitamin B12",
    "vitamin_d": "Vitamin D",
    "hemoglobin": "Haemoglobin",
    "urine_drug_screen": "Urine drug screen",
    "pregnancy_test": "Pregnancy test",
    "sleep_disorder_osa": "Sleep disorder or sleep apnoea",
    "thyroid": "Thyroid disease",
    "substances": "Substance use",
    "medication_effects": "Medicines that can worsen mood",
    "ruled_out": "Ruled out",
    "being_addressed": "Being addressed",
    "not_assessed": "Not assessed",
    "non_drug": "A treatment without medicine",
    "rapid_relief": "Rapid relief",
    "no_preference": "No preference",
    "hepatic_impairment:none": "None",
    "drug_class:ssri": "SSRI",
    "drug_class:snri": "SNRI",
    "drug_class:ndri": "NDRI",
    "drug_class:nassa": "NaSSA",
    "drug_class:serotonin_modulator": "Serotonin modulator",
    "drug_class:tca": "Tricyclic",
    "drug_class:maoi": "MAOI",
    "drug_class:sari": "SARI",
    "drug_class:nmda_antagonist_combination": "NMDA antagonist combination",
    "drug_class:5ht1a_agonist": "5-HT1A agonist",
    "drug_class:atypical_antipsychotic": "Atypical antipsychotic",
    "drug_class:lithium": "Lithium",
    "drug_class:thyroid_hormone": "Thyroid hormone",
    "drug_class:other_augmentation": "Other augmentation",
    "severity:none": "None",
}

_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def _key(model: type[BaseModel] | None, name: str, table: dict[str, str]) -> str | None:
    if model is not None and f"{model.__name__}.{name}" in table:
        return table[f"{model.__name__}.{name}"]
    return table.get(name)


def field_label(name: str, model: type[BaseModel] | None = None) -> str:
    label = _key(model, name, FIELD_LABELS)
    return label if label is not None else name.replace("_", " ").capitalize()


def field_help(name: str, model: type[BaseModel] | None = None) -> str:
    return _key(model, name, FIELD_HELP) or ""


def value_label(value: object, field: str = "") -> str:
    """A coded answer in words: "within_30cm_of_head" -> "Within 30 cm of the head"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    if not isinstance(value, str):
        return str(value)
    if field and f"{field}:{value}" in VALUE_LABELS:
        return VALUE_LABELS[f"{field}:{value}"]
    if value in VALUE_LABELS:
        return VALUE_LABELS[value]
    if field == "drug" and value in DRUGS:
        return DRUGS[value].name
    if field == "drug" and value in OTHER_DRUGS:
        return OTHER_DRUGS[value].name
    if value in ICD10_CODES:
        return f"{value} {ICD10_CODES[value].title}"
    if _SNAKE.fullmatch(value):
        return value.replace("_", " ").capitalize()
    return value


# --- Paths and errors as sentences -----------------------------------------------------------

# Where each top-level list or part of the document is named for a person.
_PART_NAMES: dict[str, str] = {
    "diagnosis": "Diagnosis",
    "co_occurring": "Co-occurring conditions",
    "medication_trials": "Medication trials",
    "psychotherapy_trials": "Psychotherapy trials",
    "other_treatments": "ECT, TMS, esketamine, ketamine before",
    "prior_courses": "Prior TMS, Spravato, ketamine or ECT courses",
    "measurement": "Measurement",
    "phq9": "PHQ-9",
    "other_scores": "MADRS and HAM-D",
    "safety": "Safety screening",
    "medical": "Medical history",
    "implants": "Implants, devices and metal",
    "current_medications": "Current medicines",
    "substance_use": "Substance use",
    "labs": "Labs",
    "reversible_contributors": "Reversible contributors",
    "logistics": "Logistics and preference",
    "patient": "Patient",
}


def _lower(text: str) -> str:
    # "Date given" -> "date given"; an acronym ("PHQ-9", "C-SSRS", "TMS") keeps its capitals.
    return text if text[:2].isupper() or text[:1].isdigit() else text[:1].lower() + text[1:]


def describe_path(path: str) -> str:
    """ "medication_trials.2.daily_dose_mg" -> "Medication trials, row 3, daily dose (mg)"."""
    if path in ("", "non_field_errors", "__all__"):
        return "The reassessment"
    keys = path.split(".")
    parts = [
        f"row {int(key) + 1}"
        if key.isdigit()
        # "prior_courses.tms": the course of that treatment, not the "ever given" question.
        else VALUE_LABELS[f"treatment:{key}"]
        if i and keys[i - 1] == "prior_courses" and f"treatment:{key}" in VALUE_LABELS
        else _PART_NAMES.get(key) or FIELD_LABELS.get(key) or VALUE_LABELS.get(key) or field_label(key)
        for i, key in enumerate(keys)
    ]
    return ", ".join([parts[0], *(_lower(part) for part in parts[1:])])


_REWRITES: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"^Input should be less than or equal to (\S+)$"), lambda m: f"Must be {m[1]} or less"),
    (re.compile(r"^Input should be less than (\S+)$"), lambda m: f"Must be less than {m[1]}"),
    (re.compile(r"^Input should be greater than or equal to (\S+)$"), lambda m: f"Must be {m[1]} or more"),
    (re.compile(r"^Input should be greater than (\S+)$"), lambda m: f"Must be more than {m[1]}"),
    (re.compile(r"^Input should be (?:'[^']*'(?:, | or )?)+$"), lambda m: "Choose one of the listed answers"),
    (
        re.compile(r"^Input should be a valid (number|integer).*$"),
        lambda m: "Enter a whole number" if m[1] == "integer" else "Enter a number",
    ),
    (re.compile(r"^Input should be a valid date.*$"), lambda m: "Enter a date"),
    (re.compile(r"^Field required$"), lambda m: "This is required"),
    (re.compile(r"^Extra inputs are not permitted$"), lambda m: "This is not part of the reassessment"),
    (re.compile(r"^String should have at most (\d+) characters?$"), lambda m: f"At most {m[1]} characters"),
    (
        re.compile(r"^daily_dose_mg (\S+) is not plausible for (.+)$"),
        lambda m: f"A daily dose of {m[1]} mg is not plausible for {m[2]}",
    ),
    (re.compile(r"^end_date is before start_date$"), lambda m: "The end date is before the start date"),
    (
        re.compile(r"^an ongoing trial has no end_date$"),
        lambda m: "A trial still being taken has no end date",
    ),
    (
        re.compile(r"^PHQ-9 items score 0 to 3; item\(s\) \[([\d, ]+)\] are out of range$"),
        lambda m: (
            f"PHQ-9 items score 0 to 3; item {m[1]} is out of range"
            if "," not in m[1]
            else f"PHQ-9 items score 0 to 3; items {m[1]} are out of range"
        ),
    ),
    (
        re.compile(r"^(madrs|hamd17) total is 0 to (\d+)$"),
        lambda m: f"The {VALUE_LABELS[m[1]]} total is 0 to {m[2]}",
    ),
    (re.compile(r"^is (.*)$"), lambda m: f"This date is {m[1]}"),
)


def sentence(message: str) -> str:
    """A validation message as a sentence for people: capitalised, ending in a full stop, with
    pydantic's phrasing and any field key replaced by words."""
    text = message.strip().removeprefix("Value error, ")
    for pattern, rewrite in _REWRITES:
        match = pattern.match(text)
        if match:
            text = rewrite(match)
            break
    text = _SNAKE.sub(lambda m: field_label(m[0]).lower(), text)
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else f"{text}."


def all_models() -> tuple[type[BaseModel], ...]:
    """Every part of the document a page shows, for the test that each field has a label."""
    return (
        d.PatientFacts,
        d.Diagnosis,
        d.CoOccurring,
        d.MedicationTrial,
        d.PsychotherapyTrial,
        d.OtherTreatments,
        d.PriorCourse,
        d.Phq9,
        d.ScaleScore,
        d.Safety,
        d.Cssrs,
        d.Medical,
        d.BloodPressure,
        d.Implant,
        d.CurrentMedication,
        d.SubstanceUse,
        d.LabResult,
        d.Contributor,
        d.Logistics,
    )
