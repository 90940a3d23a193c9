"""Every threshold the engine uses, named, with its criteria.md source (OpenFisca parameters).

Rules read ``PARAMETER.value``; no rule holds a clinical number as a literal. Items the
reference marks *unconfirmed*, *project* or *conflicting* carry ``confirmed=False`` and a
``TODO`` so that a rationale can say so and a reviewer can find them. Every value here goes
into the ruleset hash (``registry.ruleset_hash``): changing one changes the hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reassessment.catalog import (
    CURRENT_EPISODE_CODES as _CURRENT_EPISODE_CODES,
)
from reassessment.catalog import (
    DRUGS,
    SOURCE_DOSES,
    DrugRole,
)
from reassessment.catalog import (
    REMISSION_CODES as _REMISSION_CODES,
)
from reassessment.safety import CSSRS_MAX_AGE_DAYS as _CSSRS_MAX_AGE_DAYS
from reassessment.scales import PHQ9_ITEM9_CSSRS_THRESHOLD as _ITEM9
from reassessment.trials import FAILED_OUTCOMES as _FAILED_OUTCOMES
from reassessment.trials import MIN_TRIAL_WEEKS as _MIN_TRIAL_WEEKS


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    value: Any
    source: str
    confirmed: bool = True
    note: str = ""

    def canonical(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, tuple):
            value = list(value)
        return {"confirmed": self.confirmed, "source": self.source, "value": value}


PARAMETERS: dict[str, Parameter] = {}


def _p(name: str, value: Any, source: str, *, confirmed: bool = True, note: str = "") -> Parameter:
    parameter = Parameter(name, value, source, confirmed, note)
    PARAMETERS[name] = parameter
    return parameter


# --- Treatment resistance (criteria.md §1) ------------------------------------------------------
# Owned by reassessment.staging, repeated here so that the hash moves when they do.

MIN_TRIAL_WEEKS = _p("MIN_TRIAL_WEEKS", _MIN_TRIAL_WEEKS, "criteria.md §1.1 [DESSEILLES-2011]")
FAILED_OUTCOMES = _p("FAILED_OUTCOMES", tuple(_FAILED_OUTCOMES), "criteria.md §1.1 [DESSEILLES-2011]")
# TODO(criteria.md §1.3, §9): the ATRQ table is unconfirmed; entries flagged False are
# *(unconfirmed)* or *(project)* doses. Read from reassessment.catalog.
MIN_ADEQUATE_DOSE_MG = _p(
    "MIN_ADEQUATE_DOSE_MG",
    {
        key: {"mg": drug.min_adequate_mg, "confirmed": drug.confirmed}
        for key, drug in sorted(DRUGS.items())
        if drug.role is DrugRole.ANTIDEPRESSANT
    },
    SOURCE_DOSES,
    confirmed=False,
    note="fluvoxamine, mirtazapine, nortriptyline and phenelzine doses are unconfirmed or project policy",
)
TMS_MIN_FAILED_TRIALS = _p(
    "TMS_MIN_FAILED_TRIALS", 1, "criteria.md §1.2, §3.5 [NS-IFU, K220177, CARLAT-2008]"
)
SPRAVATO_MIN_FAILED_TRIALS = _p("SPRAVATO_MIN_FAILED_TRIALS", 2, "criteria.md §1.2, §2.1 [SPR-PI, SPR-2025]")
# Project policy built on label facts (criteria.md §4.1: "the rules below are project policy").
KETAMINE_MIN_FAILED_TRIALS = _p("KETAMINE_MIN_FAILED_TRIALS", 2, "criteria.md §4.2 (project policy)")

# --- Age (criteria.md §2.1, §3.5, §4.2) ----------------------------------------------------------

ADULT_AGE = _p("ADULT_AGE", 18, "criteria.md §2.1, §3.5, §4.2")
TMS_MIN_AGE = _p("TMS_MIN_AGE", 15, "criteria.md §3.1, §3.5 [HEALIO-2024]")
# Adolescent clearance is adjunct: 15–21 on a current antidepressant (NeuroStar, Mar 2024).
TMS_ADJUNCT_MAX_AGE = _p("TMS_ADJUNCT_MAX_AGE", 21, "criteria.md §3.1, §3.5 [HEALIO-2024]")
SPRAVATO_MIN_AGE = _p("SPRAVATO_MIN_AGE", 18, "criteria.md §2.1 [SPR-PI]")
KETAMINE_MIN_AGE = _p("KETAMINE_MIN_AGE", 18, "criteria.md §4.2 (project policy)")
# TODO(criteria.md §2.4, §9): a 28 mg start at >= 65 is in non-US labels; the US label is unconfirmed.
SPRAVATO_OLDER_ADULT_AGE = _p(
    "SPRAVATO_OLDER_ADULT_AGE", 65, "criteria.md §2.4 [SPR-HCP] (US start dose unconfirmed)", confirmed=False
)

# --- Blood pressure (criteria.md §2.3, §2.4, §4.2) -----------------------------------------------

BP_SYSTOLIC_MAX = _p("BP_SYSTOLIC_MAX", 140, "criteria.md §2.3, §2.4 [SPR-PI]")
BP_DIASTOLIC_MAX = _p("BP_DIASTOLIC_MAX", 90, "criteria.md §2.3, §2.4 [SPR-PI]")
# TODO(criteria.md §4.1, §9): Sanacora 2017's exact exclusion wording (uncontrolled hypertension,
# pregnancy) is unconfirmed; the ketamine rules reuse the esketamine label facts as project policy.
KETAMINE_UNCONFIRMED_EXCLUSIONS = _p(
    "KETAMINE_UNCONFIRMED_EXCLUSIONS",
    ("uncontrolled_hypertension", "pregnancy"),
    "criteria.md §4.1, §9 [SANACORA-2017]",
    confirmed=False,
)

# --- TMS devices (criteria.md §3.3, §3.4) --------------------------------------------------------

TMS_IMPLANT_DISTANCE_CM = _p("TMS_IMPLANT_DISTANCE_CM", 30, "criteria.md §3.3 [NS-IFU]")
TMS_NEAR_HEAD_LOCATIONS = _p(
    "TMS_NEAR_HEAD_LOCATIONS", ("head", "within_30cm_of_head"), "criteria.md §3.3 [NS-IFU]"
)
TMS_EXCLUDED_IMPLANTS = _p(
    "TMS_EXCLUDED_IMPLANTS", ("dental_only",), "criteria.md §3.3 [NS-IFU, SHEPPARD-PRATT]"
)
# Devices the label names as conductive/magnetic-sensitive: near the head they bar TMS unless the
# record says explicitly that the material is not conductive or magnetic.
TMS_LABELED_HEAD_DEVICES = _p(
    "TMS_LABELED_HEAD_DEVICES",
    (
        "aneurysm_clip_or_coil",
        "cochlear_implant",
        "deep_brain_stimulator",
        "endovascular_coil",
        "shrapnel_or_bullet",
        "stent",
        "vagus_nerve_stimulator",
    ),
    "criteria.md §3.3 [NS-IFU]",
)
# criteria.md §10.2: within 30 cm of the coil by anatomy, so contraindicated whatever location,
# material or "removable" is recorded. (An endovascular coil at a named site outside the head and
# neck is the one exception, judged by its site.)
TMS_DEVICES_NEAR_BY_ANATOMY = _p(
    "TMS_DEVICES_NEAR_BY_ANATOMY",
    (
        "aneurysm_clip_or_coil",
        "cochlear_implant",
        "deep_brain_stimulator",
        "endovascular_coil",
        "vagus_nerve_stimulator",
    ),
    "criteria.md §3.3, §10.2 [NS-IFU]",
)
# Neck or brain stents and fragments in the head or neck: contraindicated whatever material when they
# sit in or near the head; elsewhere they are judged by their site.
TMS_DEVICES_NEAR_BY_SITE = _p(
    "TMS_DEVICES_NEAR_BY_SITE", ("shrapnel_or_bullet", "stent"), "criteria.md §3.3, §10.2 [NS-IFU]"
)
# TODO(criteria.md §3.4, §9): sources conflict on pacemakers/ICDs (caution vs avoid); the engine
# reads them as a caution.
TMS_CARDIAC_DEVICES = _p(
    "TMS_CARDIAC_DEVICES",
    ("cardiac_pacemaker_or_icd",),
    "criteria.md §3.4 [NS-IFU, ROSSI-2021]",
    confirmed=False,
)
# criteria.md §10.5 `tms.rel.seizure_risk` from the medication list [ROSSI-2009, §3.4].
TMS_SEIZURE_BUPROPION_MAX_MG = _p("TMS_SEIZURE_BUPROPION_MAX_MG", 300, "criteria.md §3.4, §10.5 [ROSSI-2009]")
TMS_SEIZURE_RISK_SUBSTANCES = _p(
    "TMS_SEIZURE_RISK_SUBSTANCES", ("alcohol", "sedatives"), "criteria.md §3.4, §8 [ROSSI-2009, ROSSI-2021]"
)

# --- Diagnosis codes (criteria.md §7.3) ----------------------------------------------------------

# criteria.md §10.1 `common.indication.mdd`.
CURRENT_EPISODE_CODES = _p(
    "CURRENT_EPISODE_CODES", tuple(sorted(_CURRENT_EPISODE_CODES)), "criteria.md §10.1 [SPR-PI, NS-IFU]"
)
REMISSION_CODES = _p("REMISSION_CODES", tuple(sorted(_REMISSION_CODES)), "criteria.md §10.1, §7.3")
# A current-episode code with a PHQ-9 below this (minimal band) needs reconciling (criteria.md §10.1, §5.1).
PHQ9_EPISODE_MIN_TOTAL = _p("PHQ9_EPISODE_MIN_TOTAL", 5, "criteria.md §10.1, §5.1 [PHQ-BANDS]")

PSYCHOTIC_CODES = _p("PSYCHOTIC_CODES", ("F31.5", "F32.3", "F33.3"), "criteria.md §7.3")
NON_PSYCHOTIC_CODES = _p("NON_PSYCHOTIC_CODES", ("F31.4", "F32.2", "F33.2"), "criteria.md §7.3")
SEVERE_CODES = _p("SEVERE_CODES", ("F32.2", "F32.3", "F33.2", "F33.3"), "criteria.md §3.6, §7.3")

# --- Substance use (criteria.md §2.3, §4.2, §8) --------------------------------------------------

SUD_ACTIVE = _p("SUD_ACTIVE", ("active",), "criteria.md §4.2, §8")
SUD_REMISSION = _p("SUD_REMISSION", ("early_remission", "sustained_remission"), "criteria.md §2.3, §4.2, §8")

# --- Hepatic (criteria.md §2.3) ------------------------------------------------------------------
# TODO(criteria.md §2.3): "Child–Pugh C not recommended" is from a secondary source.
SPRAVATO_HEPATIC_CAUTION = _p(
    "SPRAVATO_HEPATIC_CAUTION", ("severe",), "criteria.md §2.3 (secondary source)", confirmed=False
)

# --- Suicide risk (criteria.md §5.1, §5.3, §8) ---------------------------------------------------

PHQ9_ITEM9_CSSRS_THRESHOLD = _p("PHQ9_ITEM9_CSSRS_THRESHOLD", _ITEM9, "criteria.md §5.1, §8")
# TODO(criteria.md §5.3, §9): high is confirmed; the moderate/low split follows the triage-colour
# screener and is partly unconfirmed.
CSSRS_MODERATE_CAPS = _p(
    "CSSRS_MODERATE_CAPS",
    True,
    "criteria.md §5.3, §8 [CSSRS-TRIAGE] (moderate/low split partly unconfirmed)",
    confirmed=False,
)

# criteria.md §10.3: how recent the C-SSRS and blood pressure must be (clinic parameters), and the
# severe-hypertension ceiling (ACC/AHA). Day 30 is included.
# TODO(criteria.md §10.3): clinic parameters, not read in a primary text.
CSSRS_MAX_AGE_DAYS = _p(
    "CSSRS_MAX_AGE_DAYS",
    _CSSRS_MAX_AGE_DAYS,
    "criteria.md §10.3 (clinic parameter) [CSSRS]",
    confirmed=False,
)
# TODO(criteria.md §10.3, §10.7): clinic parameter, not read in a primary text.
BP_MAX_AGE_DAYS = _p("BP_MAX_AGE_DAYS", 30, "criteria.md §10.3 (clinic parameter)", confirmed=False)
# TODO(criteria.md §10.3, §10.7): clinic parameter, not read in a primary text.
BP_SEVERE_SYSTOLIC = _p(
    "BP_SEVERE_SYSTOLIC",
    180,
    "criteria.md §10.3 (clinic parameter: ACC/AHA severe hypertension)",
    confirmed=False,
)
# TODO(criteria.md §10.3, §10.7): clinic parameter, not read in a primary text.
BP_SEVERE_DIASTOLIC = _p(
    "BP_SEVERE_DIASTOLIC",
    110,
    "criteria.md §10.3 (clinic parameter: ACC/AHA severe hypertension)",
    confirmed=False,
)

# --- Prior interventional courses (criteria.md §10.6) -------------------------------------------
# TODO(criteria.md §10.6): what makes a prior course "adequate" is not in the reference; clinic
# parameters: TMS 20 sessions (the usual non-response review point), Spravato 8 doses (4 weeks of
# induction), ketamine 6 infusions (the usual acute series, §4.1), ECT 6 treatments.
PRIOR_COURSE_ADEQUATE_SESSIONS = _p(
    "PRIOR_COURSE_ADEQUATE_SESSIONS",
    {"tms": 20, "spravato": 8, "ketamine": 6, "ect": 6},
    "criteria.md §10.6 (clinic parameter)",
    confirmed=False,
)
RESPONSE_PERCENT = _p("RESPONSE_PERCENT", 50, "criteria.md §5.2, §10.6 [DESSEILLES-2011, LCD-L37086]")

# --- Work-up (criteria.md §6.1, §10.7) ----------------------------------------------------------
# TODO(criteria.md §10.3, §10.7): clinic parameter, not read in a primary text.
TSH_MAX_AGE_DAYS = _p("TSH_MAX_AGE_DAYS", 365, "criteria.md §10.7 (clinic parameter)", confirmed=False)

# --- Payer (criteria.md §0, §3.6, §3.7, §4.2) ----------------------------------------------------

SEVERE_PHQ9_TOTAL = _p("SEVERE_PHQ9_TOTAL", 20, "criteria.md §5.1 [PHQ-BANDS]")
SEVERE_MADRS_TOTAL = _p("SEVERE_MADRS_TOTAL", 35, "criteria.md §5.2 [MADRS-BANDS]")

# --- Scoring (scoring.py; project policy, not clinical thresholds) --------------------------------

_SCORING = "project policy (eligibility/engine/scoring.py), not a clinical threshold"
SCORE_MAX_POINTS = _p(
    "SCORE_MAX_POINTS",
    {
        "severity_urgency": 25,
        "treatment_history": 25,
        "medical": 20,
        "logistics_preference": 15,
        "insurance_cost": 15,
    },
    _SCORING,
)
SCORE_STATUS_CAP = _p(
    "SCORE_STATUS_CAP",
    {
        "contraindicated": 0,
        "not_eligible": 20,
        "needs_information": 60,
        "eligible_with_cautions": 100,
        "eligible": 100,
    },
    _SCORING,
)
SCORE_SEVERITY_POINTS = _p(
    "SCORE_SEVERITY_POINTS",
    {"severe": 15, "moderately_severe": 12, "moderate": 8, "mild": 4, "minimal": 0, "unknown": 6},
    _SCORING,
)
SCORE_DIAGNOSIS_SEVERITY_POINTS = _p(
    "SCORE_DIAGNOSIS_SEVERITY_POINTS",
    {"severe": 13, "moderate": 8, "mild": 4, "subsyndromal": 0, "unknown": 6},
    _SCORING,
)
SCORE_URGENCY_POINTS = _p(
    "SCORE_URGENCY_POINTS",
    {
        "high": {"tms": 2, "spravato": 10, "ketamine": 10},
        "moderate": {"tms": 5, "spravato": 8, "ketamine": 8},
        "other": {"tms": 10, "spravato": 10, "ketamine": 10},
    },
    _SCORING,
)
SCORE_HISTORY = _p(
    "SCORE_HISTORY",
    {
        "met": 17,
        "per_extra_trial": 4,
        "max_extra_trials": 2,
        "alternative_path": 17,
        "could_reach": 8,
        "per_trial_short": 4,
    },
    _SCORING,
)
SCORE_MEDICAL_PENALTY = _p("SCORE_MEDICAL_PENALTY", {"caution": 5, "unknown": 3}, _SCORING)
SCORE_PREFERENCE_POINTS = _p(
    "SCORE_PREFERENCE_POINTS",
    {
        "tms": {"non_drug": 9, "no_preference": 6, "unknown": 5, "rapid_relief": 3},
        "spravato": {"rapid_relief": 9, "no_preference": 6, "unknown": 5, "non_drug": 2},
        "ketamine": {"rapid_relief": 9, "no_preference": 5, "unknown": 4, "non_drug": 1},
    },
    _SCORING,
)
SCORE_LOGISTICS_POINTS = _p("SCORE_LOGISTICS_POINTS", {"yes": 6, "unknown": 3, "no": 0}, _SCORING)
SCORE_INSURANCE = _p(
    "SCORE_INSURANCE",
    {
        "covered_no_pa": 15,
        "covered_pa": 13,
        "per_gap": 3,
        "covered_floor": 4,
        "not_covered": 2,
        "no_policy": {"tms": 8, "spravato": 8, "ketamine": 3},
    },
    _SCORING,
)


def canonical_parameters() -> dict[str, Any]:
    return {name: parameter.canonical() for name, parameter in sorted(PARAMETERS.items())}
