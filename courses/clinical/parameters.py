"""The course's thresholds, each a named value with its source (criteria.md section and source
key). ``confirmed=False`` where criteria.md is silent or marks it unconfirmed: those are clinic
parameters to review, never facts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from benefits.courses import (
    KETAMINE_INFUSIONS,
    SPRAVATO_DOSES_MG,
    SPRAVATO_FIRST_DOSE_MG,
    SPRAVATO_G2082_MAX_MG,
    TMS_SESSIONS,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Parameter(Generic[T]):
    value: T
    source: str
    confirmed: bool = True
    note: str = ""


# --- TMS (criteria.md §3.2, §7.3) ----------------------------------------------------------------
TMS_SESSIONS_PER_WEEK = Parameter(5, "criteria.md §3.2 [OREARDON-2007, THREE-D]")
TMS_ACUTE_WEEKS = Parameter(6, "criteria.md §3.2 [AETNA-0469]: 30 sessions in 6 weeks")
TMS_TAPER_PER_WEEK = Parameter((3, 2, 1), "criteria.md §3.2 [AETNA-0469, ND-BCBSM-2016]: taper 3, 2, 1")
TMS_TOTAL_SESSIONS = Parameter(TMS_SESSIONS, "criteria.md §3.2: 30 + 6 taper = 36 (benefits.courses)")
TMS_CODE_INITIAL = Parameter("90867", "criteria.md §7.3: initial session with motor threshold")
TMS_CODE_SUBSEQUENT = Parameter("90868", "criteria.md §7.3: subsequent session")
TMS_CODE_REDETERMINATION = Parameter("90869", "criteria.md §7.3: motor-threshold re-determination")

# --- Spravato (criteria.md §2.4, §7.3) -----------------------------------------------------------
SPRAVATO_DOSES = Parameter(SPRAVATO_DOSES_MG, "criteria.md §2.4: 28 mg device; 56 mg = 2, 84 mg = 3")
SPRAVATO_TRD_FIRST_DOSE = Parameter(SPRAVATO_FIRST_DOSE_MG, "criteria.md §2.4: TRD day 1 56 mg")
SPRAVATO_INDUCTION_WEEKS = Parameter(4, "criteria.md §2.4: TRD weeks 1–4 twice weekly")
SPRAVATO_INDUCTION_PER_WEEK = Parameter(2, "criteria.md §2.4: twice weekly")
SPRAVATO_WEEKLY_UNTIL_WEEK = Parameter(8, "criteria.md §2.4: weeks 5–8 weekly")
SPRAVATO_MAINTENANCE_INTERVAL_WEEKS = Parameter((1, 2), "criteria.md §2.4: week 9+ every 2 weeks or weekly")
SPRAVATO_G2082_MAX = Parameter(SPRAVATO_G2082_MAX_MG, "criteria.md §7.3: G2082 ≤ 56 mg, G2083 > 56 mg")
BP_SYSTOLIC_LIMIT = Parameter(140, "criteria.md §2.4, §2.3: pre-dose BP > 140/90, weigh risk")
BP_DIASTOLIC_LIMIT = Parameter(90, "criteria.md §2.4, §2.3: pre-dose BP > 140/90, weigh risk")
BP_RECHECK_MINUTES = Parameter(40, "criteria.md §2.4: re-check about 40 minutes after dosing")
# The REMS values below are defaults only: the live values are catalog rows (courses.RemsRequirement)
# stamped with the REMS version, so a REMS change is an admin edit.
REMS_OBSERVATION_MINUTES = Parameter(120, "criteria.md §2.4 [SPR-REMS]: at least 2 hours monitoring")
REMS_PMF_FILING_DAYS = Parameter(
    7,
    "criteria.md §2.4 [SPR-REMS]: monitoring form within 7 days",
    note="Counted in calendar days in the clinic's zone; criteria.md does not say business days.",
)
REMS_VERSION = Parameter("12/31/2024", "criteria.md §9: the REMS as updated 12/31/2024")
PMF_REMINDER_LEAD_DAYS = Parameter(
    2, "clinic parameter: remind two days before the filing deadline", confirmed=False
)

# --- Ketamine (criteria.md §4) ----------------------------------------------------------------------
KETAMINE_MG_PER_KG = Parameter(0.5, "criteria.md §4.1 [ANDRADE-2017]: 0.5 mg/kg IV over 40 min")
KETAMINE_INFUSION_MINUTES = Parameter(40, "criteria.md §4.1 [ANDRADE-2017]")
KETAMINE_MAX_MG_PER_KG = Parameter(
    1.0, "clinic parameter: upper bound of a dose the form accepts", confirmed=False
)
KETAMINE_SERIES = Parameter(
    KETAMINE_INFUSIONS, "criteria.md §4.1: about 6 infusions over 2–3 weeks", confirmed=False
)
KETAMINE_PER_WEEK = Parameter(2, "criteria.md §4.1: 6 over 2–3 weeks (wording unconfirmed)", confirmed=False)
KETAMINE_CODE = Parameter("96365", "criteria.md §4.2, §7.3: 96365 (+96366 each further hour) + J3490")
KETAMINE_CODE_ADDON = Parameter("96366", "criteria.md §4.2, §7.3")

# --- Measurement (criteria.md §5) ---------------------------------------------------------------
RESPONSE_PERCENT = Parameter(50, "criteria.md §5.2 [DESSEILLES-2011]: response ≥ 50 % drop")
PARTIAL_PERCENT = Parameter(25, "criteria.md §5.2 [DESSEILLES-2011]: partial 25–49 %")
REMISSION_BELOW = Parameter(
    {"phq9": 5, "madrs": 11, "hamd17": 8},
    "criteria.md §5.2: PHQ-9 < 5, MADRS ≤ 10, HAM-D17 ≤ 7 (stored as 'below')",
    note="MADRS ≤ 12 in some esketamine trials is unconfirmed; ≤ 10 is used.",
)
SCALE_MAX = Parameter({"phq9": 27, "madrs": 60, "hamd17": 52}, "criteria.md §5.1, §5.2")
PHQ9_INTERVAL_DAYS = Parameter(
    {"tms": 7, "spravato": 7, "ketamine": 7},
    "clinic parameter: weekly PHQ-9 during a course (issue 15); criteria.md sets no interval",
    confirmed=False,
)
# Non-response at a review point: criteria.md §5.2 defines non-response as < 25 % improvement
# but names no review point; the points are clinic parameters.
REVIEW_SESSION = Parameter(
    {"tms": 20, "spravato": 8, "ketamine": KETAMINE_INFUSIONS},
    "clinic parameter: TMS session 20, Spravato after 4 weeks of induction, end of a ketamine series",
    confirmed=False,
)
REVIEW_MIN_IMPROVEMENT = Parameter(
    25, "criteria.md §5.2: non-response < 25 %; as a review threshold a clinic parameter", confirmed=False
)

# --- Retreatment (criteria.md §3.6, §3.7, §10.6) ----------------------------------------------
RETREATMENT_L37086_ABOVE = Parameter(50, "criteria.md §3.6 [LCD-L37086]: > 50 % response, then relapse")
RETREATMENT_AETNA_PERCENT = Parameter(50, "criteria.md §3.7 [AETNA-0469]: ≥ 50 % response")
RETREATMENT_AETNA_MONTHS = Parameter(2, "criteria.md §3.7 [AETNA-0469]: response lasting ≥ 2 months")
