"""The reassessment document: one frozen pydantic model of the whole re-evaluation.

It is the boundary: the API accepts and returns it, it is exported and imported as JSON, and
the eligibility engine reads it. Plain Python, no Django.

**Unknown is not "no".** Every fact that can decide a treatment is a ``Tri`` ("yes", "no",
"unknown") or an optional value where ``None`` means unknown, defaulting to unknown, so a
blank form never reads as a negative answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from .catalog import DRUGS, ICD10_CODES, OTHER_DRUGS

# Version 2 (criteria.md second edition): trial outcome and intolerance apart, implants by device
# type with a named site, new history facts, current medications, prior interventional courses and
# explicit "none of these" answers. Version 1 documents are upgraded on load (upgrade.py).
SCHEMA_VERSION: Literal[2] = 2

Tri = Literal["yes", "no", "unknown"]
Substance = Literal["alcohol", "cannabis", "stimulants", "opioids", "sedatives", "dissociatives", "other"]
SudStatus = Literal["none", "active", "early_remission", "sustained_remission", "unknown"]


def _no_nul(value: str) -> str:
    # PostgreSQL text and jsonb cannot hold U+0000, so a document carrying one could not be saved.
    if "\x00" in value:
        raise ValueError("contains a NUL character (U+0000)")
    return value


# Every string field of the document is Text (a test checks that none is a plain ``str``): the NUL
# check runs on strings only, not as a Python call on each of the document's hundreds of fields,
# which was a third of validating it.
Text = Annotated[str, AfterValidator(_no_nul)]


class Section(BaseModel):
    # No infinity or NaN: JSON has no spelling for them, yet `1e999` is valid JSON that reads as
    # inf, and PostgreSQL's jsonb and the API's strict JSON both refuse to hold it.
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


# --- Patient facts the rules read (snapshot of the patient record at the time) --------------


class PatientFacts(Section):
    date_of_birth: dt.date
    sex_at_birth: Literal["female", "male", "intersex", "unknown"]


# --- Diagnosis --------------------------------------------------------------------------------


class Diagnosis(Section):
    icd10_code: Text | None = Field(None, description="Primary diagnosis, ICD-10-CM")
    episode_start: dt.date | None = Field(None, description="Start of the current episode")
    severity: Literal["subsyndromal", "mild", "moderate", "severe", "unknown"] = "unknown"
    psychotic_features: Tri = "unknown"
    catatonia: Tri = "unknown"
    anxious_distress: Tri = "unknown"
    mixed_features: Tri = "unknown"
    peripartum_onset: Tri = "unknown"
    seasonal_pattern: Tri = "unknown"
    bipolar_screen: Literal["negative", "positive", "not_done"] = "not_done"

    @field_validator("icd10_code")
    @classmethod
    def _known_code(cls, code: str | None) -> str | None:
        if code is not None and code.upper() not in ICD10_CODES:
            raise ValueError(f"unknown ICD-10-CM code {code!r}; expected one of the catalog's codes")
        return code.upper() if code else code


# --- Co-occurring conditions ------------------------------------------------------------------


class CoOccurring(Section):
    anxiety_disorder: Tri = "unknown"
    ptsd: Tri = "unknown"
    ocd: Tri = "unknown"
    bipolar_spectrum: Tri = Field("unknown", description="Confirmed bipolar-spectrum disorder")
    possible_past_hypomania: Tri = Field("unknown", description="A history suggesting hypomania")
    family_history_bipolar: Tri = Field("unknown", description="Bipolar disorder in a first-degree relative")
    past_psychosis: Tri = Field("unknown", description="Psychosis at any time before this episode")
    eating_disorder: Tri = "unknown"
    personality_disorder: Tri = "unknown"
    neurodevelopmental: Tri = "unknown"
    other: Text = Field("", max_length=2000)
    # Substance use disorders are recorded once, per substance, in `substance_use`.


# --- Treatment history ------------------------------------------------------------------------


class MedicationTrial(Section):
    drug: Text
    daily_dose_mg: float | None = Field(None, gt=0, description="None: dose unknown")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    duration_weeks: float | None = Field(None, ge=0, le=520, description="When dates are not known")
    ongoing: bool = False
    adherence: Literal["good", "partial", "poor", "unknown"] = "unknown"
    # criteria.md §10.4: the outcome and whether the trial ended for side effects are two facts. A trial
    # at an adequate dose for >= 6 weeks without response is a failure even if it then ended for
    # intolerance; intolerance before that is not (but payers may credit it).
    outcome: Literal["response", "partial_response", "no_response", "unknown"] = "unknown"
    ended_for_intolerance: Tri = "unknown"
    current_episode: Tri = "unknown"

    @field_validator("drug")
    @classmethod
    def _known_drug(cls, key: str) -> str:
        if key not in DRUGS:
            raise ValueError(f"unknown drug {key!r}; choose one from the catalog")
        return key

    @model_validator(mode="after")
    def _consistent(self) -> MedicationTrial:
        drug = DRUGS[self.drug]
        if self.daily_dose_mg is not None and self.daily_dose_mg > drug.max_plausible_mg:
            raise ValueError(f"a daily dose of {self.daily_dose_mg:g} mg is not plausible for {drug.name}")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("the trial ends before it starts")
        if self.ongoing and self.end_date:
            raise ValueError("an ongoing trial has no end date")
        return self


class PsychotherapyTrial(Section):
    modality: Literal["cbt", "ipt", "behavioural_activation", "dbt", "psychodynamic", "other"]
    sessions: int | None = Field(None, ge=0, le=1000)
    weeks: float | None = Field(None, ge=0, le=520)
    outcome: Literal["response", "partial_response", "no_response", "dropped_out", "unknown"] = "unknown"
    evidence_based: Tri = "unknown"


class OtherTreatments(Section):
    ect: Tri = "unknown"
    tms: Tri = "unknown"
    esketamine: Tri = "unknown"
    ketamine: Tri = "unknown"


InterventionalTreatment = Literal["tms", "spravato", "ketamine", "ect"]
# The field of ``OtherTreatments`` that says whether each was ever given.
EVER_FIELD: dict[str, str] = {"tms": "tms", "spravato": "esketamine", "ketamine": "ketamine", "ect": "ect"}


class PriorCourse(Section):
    """A past course of an interventional treatment (criteria.md §10.6): retreatment and scores."""

    treatment: InterventionalTreatment
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    sessions: int | None = Field(None, ge=0, le=1000, description="Sessions, doses or infusions given")
    response_percent: int | None = Field(
        None, ge=0, le=100, description="Improvement on a rating scale from baseline, in percent"
    )
    relapsed: Tri = Field("unknown", description="Symptoms returned after the course")

    @model_validator(mode="after")
    def _dates(self) -> PriorCourse:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("the course ends before it starts")
        return self


# --- Measurement ------------------------------------------------------------------------------


class Phq9(Section):
    administered_on: dt.date
    items: tuple[int, int, int, int, int, int, int, int, int] = Field(
        description="The nine item scores, 0-3 each, in questionnaire order (item 9 last)"
    )

    @field_validator("items")
    @classmethod
    def _item_range(cls, items: tuple[int, ...]) -> tuple[int, ...]:
        bad = [i + 1 for i, score in enumerate(items) if not 0 <= score <= 3]
        if bad:
            raise ValueError(f"PHQ-9 items score 0 to 3; item(s) {bad} are out of range")
        return items


SCALE_MAX = {"madrs": 60, "hamd17": 52}


class ScaleScore(Section):
    scale: Literal["madrs", "hamd17"]
    administered_on: dt.date
    total: int = Field(ge=0)

    @model_validator(mode="after")
    def _in_range(self) -> ScaleScore:
        if self.total > SCALE_MAX[self.scale]:
            raise ValueError(f"{self.scale} total is 0 to {SCALE_MAX[self.scale]}")
        return self


class Measurement(Section):
    phq9: tuple[Phq9, ...] = ()
    other_scores: tuple[ScaleScore, ...] = ()


# --- Safety -----------------------------------------------------------------------------------


CSSRS_NUMBERS = {"thoughts_of_method": "question 3", "intent": "question 4", "plan_with_intent": "question 5"}


class Cssrs(Section):
    """C-SSRS screener, past month (criteria.md §5.3). Q2 "no" skips to Q6."""

    administered_on: dt.date
    wish_to_be_dead: Tri = "unknown"  # Q1
    suicidal_thoughts: Tri = "unknown"  # Q2
    thoughts_of_method: Tri = "unknown"  # Q3
    intent: Tri = "unknown"  # Q4
    plan_with_intent: Tri = "unknown"  # Q5
    behavior_ever: Tri = "unknown"  # Q6
    behavior_within_3_months: Tri = "unknown"  # Q6 follow-up

    @model_validator(mode="after")
    def _skip_logic(self) -> Cssrs:
        if self.suicidal_thoughts == "no":
            asked = [
                q for q in ("thoughts_of_method", "intent", "plan_with_intent") if getattr(self, q) == "yes"
            ]
            if asked:
                shown = ", ".join(CSSRS_NUMBERS[q] for q in asked)
                raise ValueError(
                    f"Question 2 is answered no, so questions 3 to 5 are skipped; {shown} cannot be yes"
                )
        if self.behavior_ever == "no" and self.behavior_within_3_months == "yes":
            raise ValueError(
                "Question 6 is answered no, so the follow-up (within the past 3 months) cannot be yes"
            )
        return self


class Safety(Section):
    cssrs: Cssrs | None = None
    safety_plan: Text = Field("", max_length=5000)


# --- Medical history --------------------------------------------------------------------------

ImplantKind = Literal[
    "cochlear_implant",
    "deep_brain_stimulator",
    "vagus_nerve_stimulator",
    "aneurysm_clip_or_coil",
    "endovascular_coil",
    "cardiac_pacemaker_or_icd",
    "stent",
    "shrapnel_or_bullet",
    "dental_only",
    "external_item",
    "other",
]
# Things worn, not implanted (jewellery, hair clips, hearing aids, glasses): the only kind that can be
# "removable" (criteria.md §10.2).
REMOVABLE_KINDS: frozenset[str] = frozenset({"external_item"})
ANEURYSM_DEVICE_KINDS: frozenset[str] = frozenset({"aneurysm_clip_or_coil", "endovascular_coil"})


class Implant(Section):
    kind: ImplantKind
    # Where it is: in the head, within 30 cm of where a TMS coil would sit, or elsewhere.
    location: Literal["head", "within_30cm_of_head", "elsewhere", "unknown"] = "unknown"
    # The named body site when it is elsewhere ("splenic artery"): criteria.md §10.2 judges an
    # endovascular coil outside the head and neck by its site only when the site is named.
    site: Text = Field("", max_length=200)
    # Conductive, ferromagnetic or magnetic-sensitive material (criteria.md §3.3).
    magnetic_or_conductive: Tri = "unknown"
    removable: bool = False
    notes: Text = Field("", max_length=500)

    @model_validator(mode="after")
    def _only_external_items_come_off(self) -> Implant:
        if self.removable and self.kind not in REMOVABLE_KINDS:
            raise ValueError(
                "only an external item (jewellery, hair clip, hearing aid, glasses) can be marked "
                "removable; an implanted device cannot"
            )
        return self


class BloodPressure(Section):
    measured_on: dt.date
    systolic: int = Field(ge=60, le=280)
    diastolic: int = Field(ge=30, le=180)

    @model_validator(mode="after")
    def _pulse_pressure(self) -> BloodPressure:
        if self.diastolic >= self.systolic:
            raise ValueError("diastolic must be below systolic")
        return self


AneurysmSite = Literal["intracranial", "thoracic_aorta", "abdominal_aorta", "peripheral", "unknown"]


class CurrentMedication(Section):
    """A medicine the patient takes now that is not an antidepressant trial (those are
    ``medication_trials`` with ``ongoing``): what the interaction, seizure-threshold and work-up
    rules read (criteria.md §10.5, §6.1)."""

    drug: Text
    daily_dose_mg: float | None = Field(None, gt=0, description="None: dose unknown")

    @field_validator("drug")
    @classmethod
    def _known_drug(cls, key: str) -> str:
        if key not in OTHER_DRUGS:
            raise ValueError(f"unknown medicine {key!r}; choose one from the list")
        return key


class Medical(Section):
    seizure_history: Tri = "unknown"
    seizure_threshold_risks: Tri = Field("unknown", description="Drugs or states that lower it")
    family_history_epilepsy: Tri = "unknown"
    head_injury: Tri = "unknown"
    metal_or_implants: Tri = Field("unknown", description="Any implant, device or metal fragment")
    implants: tuple[Implant, ...] = ()
    aneurysmal_vascular_disease: Tri = "unknown"
    aneurysm_site: AneurysmSite | None = Field(None, description="When aneurysmal disease is present")
    arteriovenous_malformation: Tri = "unknown"
    intracerebral_hemorrhage_history: Tri = "unknown"
    raised_icp_or_intracranial_mass: Tri = "unknown"
    recent_stroke_or_mi: Tri = Field("unknown", description="Stroke or myocardial infarction in 6 months")
    hypertension: Literal["none", "controlled", "uncontrolled", "unknown"] = "unknown"
    latest_blood_pressure: BloodPressure | None = None
    other_cardiovascular_disease: Tri = "unknown"
    pregnant: Tri = "unknown"
    breastfeeding: Tri = "unknown"
    hepatic_impairment: Literal["none", "mild_moderate", "severe", "unknown"] = "unknown"
    ketamine_esketamine_hypersensitivity: Tri = "unknown"
    opioid_use: Tri = Field("unknown", description="Including buprenorphine or methadone")
    benzodiazepine_use: Tri = "unknown"
    current_medications: tuple[CurrentMedication, ...] = ()
    relevant_current_medications: Text = Field("", max_length=2000)

    @model_validator(mode="after")
    def _implants_consistent(self) -> Medical:
        if self.metal_or_implants == "no" and self.implants:
            raise ValueError("implants are listed but the answer to metal or implants is no")
        if self.aneurysm_site is not None and self.aneurysmal_vascular_disease == "no":
            raise ValueError("an aneurysm site is recorded but aneurysmal vascular disease is no")
        return self


# --- Substance use ----------------------------------------------------------------------------


class SubstanceUse(Section):
    substance: Substance
    current_use: Tri = "unknown"
    disorder: SudStatus = "unknown"


# --- Labs -------------------------------------------------------------------------------------

LabTest = Literal[
    "tsh", "free_t4", "b12", "folate", "vitamin_d", "hemoglobin", "urine_drug_screen", "pregnancy_test"
]


class LabResult(Section):
    test: LabTest
    collected_on: dt.date
    value: float | None = Field(None, ge=0, description="Numeric tests")
    unit: Text = Field("", max_length=20)
    result: Literal["negative", "positive"] | None = Field(None, description="Qualitative tests")


# --- Reversible contributors ------------------------------------------------------------------


class Contributor(Section):
    contributor: Literal["sleep_disorder_osa", "thyroid", "substances", "medication_effects", "other"]
    status: Literal["ruled_out", "being_addressed", "not_assessed"] = "not_assessed"
    notes: Text = Field("", max_length=1000)


# --- Logistics and preference -----------------------------------------------------------------


class Logistics(Section):
    daily_visits_possible: Tri = "unknown"
    driver_after_dosing: Tri = "unknown"
    preference: Literal["non_drug", "rapid_relief", "no_preference", "unknown"] = "unknown"
    notes: Text = Field("", max_length=2000)


# --- The document -----------------------------------------------------------------------------


# The list sections a clinician can answer "None of these" for: an empty list is otherwise unknown.
ListSection = Literal[
    "medication_trials",
    "psychotherapy_trials",
    "prior_courses",
    "current_medications",
    "substance_use",
    "labs",
    "reversible_contributors",
]
LIST_PATHS: dict[str, tuple[str, ...]] = {
    "medication_trials": ("medication_trials",),
    "psychotherapy_trials": ("psychotherapy_trials",),
    "prior_courses": ("prior_courses",),
    "current_medications": ("medical", "current_medications"),
    "substance_use": ("substance_use",),
    "labs": ("labs",),
    "reversible_contributors": ("reversible_contributors",),
}


class ReassessmentDocument(Section):
    schema_version: Literal[2] = SCHEMA_VERSION
    assessed_on: dt.date
    patient: PatientFacts
    diagnosis: Diagnosis = Diagnosis()
    co_occurring: CoOccurring = CoOccurring()
    medication_trials: tuple[MedicationTrial, ...] = ()
    psychotherapy_trials: tuple[PsychotherapyTrial, ...] = ()
    other_treatments: OtherTreatments = OtherTreatments()
    prior_courses: tuple[PriorCourse, ...] = ()
    measurement: Measurement = Measurement()
    safety: Safety = Safety()
    medical: Medical = Medical()
    substance_use: tuple[SubstanceUse, ...] = ()
    labs: tuple[LabResult, ...] = ()
    reversible_contributors: tuple[Contributor, ...] = ()
    logistics: Logistics = Logistics()
    # List sections answered "None of these" (each must then be empty).
    none_of_these: tuple[ListSection, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("schema_version") == 1:
            from .upgrade import upgrade_v1  # upgrade.py reads this module's constants; version 1 is rare

            return upgrade_v1(data)
        return data

    @model_validator(mode="after")
    def _consistent(self) -> ReassessmentDocument:
        seen = [entry.substance for entry in self.substance_use]
        if len(seen) != len(set(seen)):
            raise ValueError("the substance use list names a substance more than once")
        for name in self.none_of_these:
            if self.list_section(name):
                raise ValueError(f"{LIST_LABELS[name]} are listed but the section is answered none of these")
        ever = self.other_treatments
        for course in self.prior_courses:
            if getattr(ever, EVER_FIELD[course.treatment]) == "no":
                raise ValueError(
                    f"a prior {COURSE_LABELS[course.treatment]} course is listed but the answer to whether "
                    "it was ever given is no"
                )
        return self

    def list_section(self, name: str) -> tuple[object, ...]:
        value: object = self
        for part in LIST_PATHS[name]:
            value = getattr(value, part)
        return value  # type: ignore[return-value]

    def answered_none(self, name: str) -> bool:
        return name in self.none_of_these


LIST_LABELS: dict[str, str] = {
    "medication_trials": "Medication trials",
    "psychotherapy_trials": "Psychotherapy trials",
    "prior_courses": "Prior TMS, Spravato, ketamine or ECT courses",
    "current_medications": "Current medicines",
    "substance_use": "Substances",
    "labs": "Laboratory results",
    "reversible_contributors": "Reversible contributors",
}
COURSE_LABELS: dict[str, str] = {"tms": "TMS", "spravato": "Spravato", "ketamine": "ketamine", "ect": "ECT"}
