"""Rules evaluated for all three treatments: their registry entries, and the checks that are not
about treatment resistance (rules/resistance.py) or suicide risk (rules/suicide.py)."""

from __future__ import annotations

import datetime as dt
import functools

from reassessment.dates import day

from .. import parameters as P
from ..facts import Facts
from ..models import Treatment
from ..words import joined, plural
from . import (
    TREATMENT_NAMES,
    Finding,
    Rule,
    caution_unknown,
    met,
    not_met,
    same_for_every_treatment,
    sentence,
    unknown,
)
from .resistance import check_adherence, check_unknown_trial
from .suicide import check_screen_current, check_suicide_high, check_suicide_moderate

STEP_ECT = "Refer for an ECT evaluation"
# criteria.md §10.6: bipolar depression has its own pathway.
STEPS_BIPOLAR_DEPRESSION = (
    "Follow the bipolar-depression pathway: review the mood stabiliser (lithium, lamotrigine or "
    "quetiapine) and stop antidepressant monotherapy",
    f"{STEP_ECT} (effective in bipolar depression)",
)
STEP_BIPOLAR = "Screen for bipolar disorder (history of mania or hypomania) and record the result"


# --- Rules -----------------------------------------------------------------------------------------


def check_bipolar(facts: Facts, treatment: Treatment) -> Finding:
    """Confirmed bipolar disorder: not eligible; bipolar status unknown: needs information."""
    if facts.diagnosis.bipolar == "yes":
        return not_met(
            "not_eligible",
            f"{sentence(facts.diagnosis.bipolar_text)}; {TREATMENT_NAMES[treatment]} is labeled, cleared or "
            "evidenced for unipolar major depression only.",
            steps=STEPS_BIPOLAR_DEPRESSION,
        )
    if facts.diagnosis.bipolar == "unknown":
        return unknown(
            f"{sentence(facts.diagnosis.bipolar_text)}; hidden bipolarity is a known cause of apparent "
            "resistance and bars all three treatments.",
            missing=("Bipolar status (a bipolar screen or a recorded answer)",),
            steps=(STEP_BIPOLAR,),
        )
    return met(f"{sentence(facts.diagnosis.bipolar_text)}.")


@same_for_every_treatment
def check_as_of(facts: Facts, treatment: Treatment) -> Finding:
    """`common.as_of`: dates are judged on the assessment date."""
    return _as_of_met(facts.as_of)


@same_for_every_treatment
def check_indication(facts: Facts, treatment: Treatment) -> Finding:
    """`common.indication.mdd`: a current major depressive episode."""
    if facts.diagnosis.indication == "yes":
        return met(f"{sentence(facts.diagnosis.indication_text)}.")
    if facts.diagnosis.indication == "no":
        return not_met(
            "not_eligible",
            f"{sentence(facts.diagnosis.indication_text)}: TMS, Spravato and ketamine are for a current "
            "major depressive episode.",
            steps=("Review the diagnosis; if a new episode has begun, record it with its code",),
        )
    if facts.document.diagnosis.icd10_code is None:
        return unknown(
            "No primary diagnosis is recorded; all three treatments need a current major depressive episode.",
            missing=("The primary diagnosis (ICD-10-CM code)",),
            steps=("Record the primary diagnosis (ICD-10-CM)",),
        )
    return unknown(
        f"{sentence(facts.diagnosis.indication_text)}.",
        missing=("A PHQ-9 that agrees with the diagnosis, or a corrected diagnosis",),
        steps=("Repeat the PHQ-9 and reconcile it with the diagnosis",),
    )


def check_bp_current(facts: Facts, treatment: Treatment) -> Finding:
    """`common.bp_current`: a blood pressure within 30 days, for Spravato and
    ketamine."""
    if treatment == "tms":
        return MET_BP_NOT_NEEDED
    limit = P.BP_MAX_AGE_DAYS.value
    bp = facts.document.medical.latest_blood_pressure
    if bp is None:
        return unknown(
            f"No blood pressure is recorded; {TREATMENT_NAMES[treatment]} needs one from the past {limit} "
            "days (blood pressure rises after dosing).",
            missing=("A blood pressure reading from the past 30 days",),
            steps=("Measure and record the blood pressure",),
        )
    age = facts.bp_age_days or 0
    if age > limit:
        return unknown(
            f"The latest blood pressure ({bp.systolic}/{bp.diastolic} on {day(bp.measured_on)}) is "
            f"{plural(age, 'day')} old; {TREATMENT_NAMES[treatment]} needs one from the past {limit} days.",
            missing=("A blood pressure reading from the past 30 days",),
            steps=("Measure and record the blood pressure",),
        )
    return _bp_met(age, limit)


@functools.lru_cache(maxsize=64)
def _bp_met(age: int, limit: int) -> Finding:
    return met(f"Blood pressure measured {plural(age, 'day')} before the assessment (within {limit} days).")


@functools.lru_cache(maxsize=1024)
def _as_of_met(as_of: dt.date) -> Finding:
    return met(
        f"Judged as of the assessment date, {day(as_of)}: the same record gives the same answer on any "
        "later day."
    )


MET_BP_NOT_NEEDED = met("A recent blood pressure is not a TMS criterion.")


@same_for_every_treatment
def check_bipolar_risk(facts: Facts, treatment: Treatment) -> Finding:
    """Family history of bipolar disorder, or possible past hypomania not yet recorded: a caution
    ."""
    co = facts.document.co_occurring
    if co.family_history_bipolar == "yes":
        return not_met(
            "eligible_with_cautions",
            "Bipolar disorder in a first-degree relative: watch for mixed or hypomanic symptoms during "
            "treatment.",
            steps=("Monitor for hypomanic or mixed symptoms during treatment",),
        )
    open_ = []
    if co.family_history_bipolar == "unknown":
        open_.append("family history of bipolar disorder")
    if co.possible_past_hypomania == "unknown":
        open_.append("a possible past hypomania")
    if open_:
        return caution_unknown(
            f"Not recorded: {joined(open_)}; each raises the chance of bipolar depression.",
            missing=tuple(f"Whether there is {o}" for o in open_),
            steps=("Ask about past hypomania and bipolar disorder in the family",),
        )
    return MET_NO_BIPOLAR_RISK


MET_NO_BIPOLAR_RISK = met("No family history of bipolar disorder and no possible past hypomania.")
COURSE_NAMES = {"tms": "TMS", "spravato": "Spravato", "ketamine": "ketamine"}
MET_NO_PRIOR_COURSE = {
    treatment: met(f"No earlier {name} course is recorded.") for treatment, name in COURSE_NAMES.items()
}


def check_prior_course(facts: Facts, treatment: Treatment) -> Finding:
    """An earlier adequate course of the same treatment without response: a caution that lowers the
    score, never a status; a response is noted for retreatment."""
    courses = facts.prior_courses.get(treatment, ())
    if not courses:
        return MET_NO_PRIOR_COURSE[treatment]
    name = COURSE_NAMES[treatment]
    adequate = P.PRIOR_COURSE_ADEQUATE_SESSIONS.value[treatment]
    response = P.RESPONSE_PERCENT.value
    failed = [
        c
        for c in courses
        if c.sessions is not None
        and c.sessions >= adequate
        and c.response_percent is not None
        and c.response_percent < response
    ]
    if failed:
        course = failed[-1]
        return Finding(
            "not_met",
            None,
            f"An earlier {name} course of {plural(course.sessions or 0, 'session')} brought "
            f"{course.response_percent} % improvement (no response); another course is less likely to help.",
            (),
            (f"Weigh the earlier {name} non-response before repeating it",),
        )
    responded = [c for c in courses if c.response_percent is not None and c.response_percent >= response]
    if responded:
        course = responded[-1]
        relapse = {
            "yes": "then symptoms returned",
            "no": "with no relapse",
            "unknown": "relapse not recorded",
        }
        return met(
            f"An earlier {name} course brought {course.response_percent} % improvement, "
            f"{relapse[course.relapsed]}: a response that supports retreatment."
        )
    return Finding(
        "unknown",
        None,
        f"An earlier {name} course is recorded without its length or response.",
        (f"The length and response of the earlier {name} course",),
        (f"Record the earlier {name} course's sessions and percent improvement",),
    )


_LOGISTICS = {
    "tms": (
        "daily_visits_possible",
        "daily visits for 4–6 weeks",
        "TMS is given 5 days a week for 4–6 weeks",
        "Plan how the patient can attend daily sessions (transport, work hours)",
        "Whether the patient can attend daily TMS sessions",
    ),
    "spravato": (
        "driver_after_dosing",
        "a ride home after each dose",
        "no driving until the next day after restful sleep; the patient arranges a ride",
        "Arrange a driver for every dosing day",
        "Whether someone can drive the patient home after dosing",
    ),
    "ketamine": (
        "driver_after_dosing",
        "a ride home after each infusion",
        "no driving after ketamine",
        "Arrange a driver for every infusion day",
        "Whether someone can drive the patient home after dosing",
    ),
}


_LOGISTICS_MET = {
    treatment: met(f"The patient can arrange {row[1]}.") for treatment, row in _LOGISTICS.items()
}


def check_logistics(facts: Facts, treatment: Treatment) -> Finding:
    """No daily visits (TMS) or no ride after dosing (Spravato, ketamine): a practical barrier."""
    field, need, why, step, missing = _LOGISTICS[treatment]
    answer = getattr(facts.document.logistics, field)
    if answer == "no":
        return not_met("eligible_with_cautions", f"The patient cannot arrange {need}; {why}.", steps=(step,))
    if answer == "unknown":
        return caution_unknown(
            f"Whether the patient can arrange {need} is not recorded; {why}.",
            missing=(missing,),
            steps=(step,),
        )
    return _LOGISTICS_MET[treatment]


RULES: tuple[Rule, ...] = (
    Rule(
        "common.bipolar",
        "common",
        "label_criterion",
        "criteria.md §6.2, §8 [FORNARO-2010, CANMAT-2023, SPR-PI, NS-IFU]",
        (
            "diagnosis.icd10_code",
            "co_occurring.bipolar_spectrum",
            "diagnosis.bipolar_screen",
            "co_occurring.possible_past_hypomania",
        ),
        "Confirmed bipolar disorder: not eligible; bipolar status unknown: needs information.",
        check_bipolar,
    ),
    Rule(
        "common.unknown_trial",
        "common",
        "label_criterion",
        "criteria.md §1.1, §8",
        ("medication_trials",),
        "Trials of unknown dose or duration that could reach the threshold: needs information.",
        check_unknown_trial,
    ),
    Rule(
        "common.as_of",
        "common",
        "label_criterion",
        "criteria.md §10.1",
        ("assessed_on",),
        "Every date is judged on the assessment date, never the day the engine runs.",
        check_as_of,
    ),
    Rule(
        "common.indication.mdd",
        "common",
        "label_criterion",
        "criteria.md §10.1, §5.1 [SPR-PI, NS-IFU]",
        ("diagnosis.icd10_code", "measurement.phq9"),
        "A current major depressive episode: remission or another primary diagnosis is not eligible; no "
        "diagnosis, or a PHQ-9 under 5, needs information.",
        check_indication,
    ),
    Rule(
        "common.trd.adherence",
        "common",
        "label_criterion",
        "criteria.md §10.4, §6.1 [CANMAT-2023]",
        ("medication_trials",),
        "A trial with poor adherence is not adequate; partial or unknown adherence counts, with a note.",
        check_adherence,
    ),
    Rule(
        "common.rel.bipolar_risk",
        "common",
        "relative_caution",
        "criteria.md §10.5, §6.2 [FORNARO-2010, CANMAT-2023]",
        ("co_occurring.family_history_bipolar", "co_occurring.possible_past_hypomania"),
        "Family history of bipolar disorder (or unrecorded hypomania history): caution.",
        check_bipolar_risk,
    ),
    Rule(
        "common.rel.prior_course",
        "common",
        "relative_caution",
        "criteria.md §10.6 (clinic parameter) [LCD-L37086, AETNA-0469]",
        ("prior_courses",),
        "An earlier adequate course of the same treatment without response: a caution (no status) that "
        "lowers the score.",
        check_prior_course,
    ),
    Rule(
        "common.suicide.screen_current",
        "common",
        "safety",
        "criteria.md §10.3, §5.1, §5.3 (clinic parameter) [CSSRS, PHQ-BANDS]",
        ("safety.cssrs", "measurement.phq9", "assessed_on"),
        "A C-SSRS within 30 days and after the latest PHQ-9 with item 9 ≥ 1: otherwise needs information.",
        check_screen_current,
    ),
    Rule(
        "common.bp_current",
        "common",
        "label_criterion",
        "criteria.md §10.3, §2.4 (clinic parameter) [SPR-PI]",
        ("medical.latest_blood_pressure", "assessed_on"),
        "Spravato and ketamine: a blood pressure within 30 days of the assessment, else needs information.",
        check_bp_current,
    ),
    Rule(
        "common.suicide.high",
        "common",
        "safety",
        "criteria.md §5.3, §8 [CSSRS, CSSRS-TRIAGE]",
        ("safety.cssrs", "measurement.phq9"),
        "C-SSRS high risk: urgent safety flag, eligible capped to eligible with cautions.",
        check_suicide_high,
    ),
    Rule(
        "common.suicide.moderate",
        "common",
        "safety",
        "criteria.md §5.3, §8 [CSSRS-TRIAGE] (moderate/low split partly unconfirmed)",
        ("safety.cssrs", "measurement.phq9"),
        "C-SSRS moderate risk: eligible capped to eligible with cautions (safety plan).",
        check_suicide_moderate,
    ),
    Rule(
        "common.logistics",
        "common",
        "relative_caution",
        "criteria.md §2.4, §3.2, §4.1, §8 [SPR-REMS, AETNA-0469]",
        ("logistics.daily_visits_possible", "logistics.driver_after_dosing"),
        "No daily visits (TMS) or no ride after dosing (Spravato, ketamine): eligible with cautions.",
        check_logistics,
    ),
)
