"""Rules evaluated for all three treatments."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Literal

from reassessment.dates import day

from .. import parameters as P
from ..facts import Facts
from ..models import Outcome, Treatment
from ..words import drug_name, joined, plural
from . import TREATMENT_NAMES, Check, Finding, Rule, caution_unknown, met, not_met, sentence, unknown

MIN_FAILED: dict[str, int] = {
    "tms": P.TMS_MIN_FAILED_TRIALS.value,
    "spravato": P.SPRAVATO_MIN_FAILED_TRIALS.value,
    "ketamine": P.KETAMINE_MIN_FAILED_TRIALS.value,
}
ORDINALS = {1: "a first", 2: "a second", 3: "a third", 4: "a fourth"}

STEP_CSSRS = "Complete the C-SSRS screener"
STEP_ECT = "Refer for an ECT evaluation"
# criteria.md §10.6: bipolar depression has its own pathway.
STEPS_BIPOLAR_DEPRESSION = (
    "Follow the bipolar-depression pathway: review the mood stabiliser (lithium, lamotrigine or "
    "quetiapine) and stop antidepressant monotherapy",
    f"{STEP_ECT} (effective in bipolar depression)",
)
STEP_ADHERENCE = (
    "Confirm adherence to the trials in doubt (pharmacy fill records, drug levels) before counting them"
)
STEP_BIPOLAR = "Screen for bipolar disorder (history of mania or hypomania) and record the result"
STEP_TRIAL_DETAILS = (
    "Complete the trial record ({drugs}): daily dose, dates or weeks, outcome, current episode"
)
STEP_TRIALS_HISTORY = (
    "Record the antidepressant trials of the current episode (drug, daily dose, dates, outcome)"
)
MISSING_TRIALS = "The antidepressant trials of the current episode (none is recorded)"

# Constant findings, built once (the hot path returns them as they are).
MET_NO_UNKNOWN_TRIAL = met("No trial has an unknown dose, duration, outcome or episode.")


def trial_step(facts: Facts, treatment: Treatment) -> str:
    """'Document a second adequate antidepressant trial (≥ 6 weeks at ≥ minimum dose)'."""
    needed = MIN_FAILED[treatment] - facts.trials.n_failed
    weeks = f"{P.MIN_TRIAL_WEEKS.value:g}"
    if needed == 1:
        nth = ORDINALS.get(facts.trials.n_failed + 1, "another")
        return f"Document {nth} adequate antidepressant trial (≥ {weeks} weeks at ≥ minimum dose)"
    return f"Document {needed} more adequate antidepressant trials (≥ {weeks} weeks at ≥ minimum dose)"


# --- Shared states, computed once per evaluation ---------------------------------------------------

ResistanceState = Literal["met", "alternative", "could_reach", "none_recorded", "short"]


def tms_adjunct_path(facts: Facts) -> bool:
    """Aged 15–21 on a current antidepressant: the adjunct clearance."""
    adjunct = P.TMS_MIN_AGE.value <= facts.age <= P.TMS_ADJUNCT_MAX_AGE.value
    return adjunct and facts.trials.current_antidepressant == "yes"


def mdsi(facts: Facts) -> tuple[Outcome, str, tuple[str, ...]]:
    """`spravato.mdsi`: adult MDD + C-SSRS high + current oral antidepressant.

    Returns the outcome, the facts behind it, and the missing facts when it is unknown.
    """
    memo = facts.memo.get("mdsi")
    if memo is not None:
        return memo  # type: ignore[return-value]
    code = facts.document.diagnosis.icd10_code
    result: tuple[Outcome, str, tuple[str, ...]]
    if facts.age < P.SPRAVATO_MIN_AGE.value:
        result = ("not_met", f"age {facts.age}: the MDSI indication is for adults", ())
    elif facts.diagnosis.mdd == "no":
        result = ("not_met", f"the diagnosis {code} is not major depressive disorder", ())
    elif not facts.risk.at_least("high") and not facts.risk.could_reach("high"):
        shown = f"{facts.risk.cssrs_text[:1].lower()}{facts.risk.cssrs_text[1:]}, not high risk"
        if not facts.risk.cssrs_on_file:
            shown = "no C-SSRS screener is on file, so no high risk is shown"
        result = ("not_met", shown, ())
    elif facts.trials.current_antidepressant == "no":
        result = ("not_met", "no oral antidepressant is current (MDSI is treated with one)", ())
    else:
        open_parts: list[str] = []
        missing: list[str] = []
        if facts.diagnosis.mdd == "unknown":
            open_parts.append("no diagnosis code is recorded")
            missing.append("The primary diagnosis code")
        if not facts.risk.at_least("high"):
            open_parts.append(f"{facts.risk.cssrs_text[:1].lower()}{facts.risk.cssrs_text[1:]}")
            missing.append(
                "Answers to the unanswered C-SSRS questions"
                if facts.risk.cssrs_on_file
                else "A C-SSRS screener (PHQ-9 item 9 ≥ 1)"
            )
        if facts.trials.current_antidepressant == "unknown":
            open_parts.append("whether an oral antidepressant is current is not recorded")
            missing.append("Whether the patient takes an antidepressant now")
        if open_parts:
            result = ("unknown", "; ".join(open_parts), tuple(missing))
        else:
            result = (
                "met",
                f"adult (age {facts.age}) with MDD ({code}), C-SSRS at high risk, on a current oral "
                f"antidepressant ({facts.trials.current_antidepressants})",
                (),
            )
    facts.memo["mdsi"] = result
    return result


def resistance_state(facts: Facts, treatment: Treatment) -> ResistanceState:
    key = ("resistance", treatment)
    memo = facts.memo.get(key)
    if memo is not None:
        return memo  # type: ignore[return-value]
    threshold = MIN_FAILED[treatment]
    state: ResistanceState
    if facts.trials.n_failed >= threshold:
        state = "met"
    elif (treatment == "tms" and tms_adjunct_path(facts)) or (
        treatment == "spravato" and mdsi(facts)[0] == "met"
    ):
        state = "alternative"
    elif facts.trials.n_failed + facts.trials.n_unknown >= threshold or (
        treatment == "spravato" and mdsi(facts)[0] == "unknown"
    ):
        state = "could_reach"
    elif facts.trials.no_trials:
        state = "none_recorded"
    else:
        state = "short"
    facts.memo[key] = state
    return state


def resistance_text(facts: Facts, treatment: Treatment) -> str:
    """'2 adequate failed trials (sertraline, venlafaxine) in the current episode; Spravato
    requires at least 2.' plus why each counted trial counts, and the trials that do not count."""
    n = facts.trials.n_failed
    counted = f" ({facts.trials.failed_text})" if n else ""
    return (
        f"{plural(n, 'adequate failed trial')}{counted} in the current episode; "
        f"{TREATMENT_NAMES[treatment]} requires at least {MIN_FAILED[treatment]}{facts.trials.text}"
    )


def resistance_finding(facts: Facts, treatment: Treatment, *, alternative: str = "") -> Finding:
    """The treatment's resistance threshold on confirmed adequate failures.

    Unknown trials that could reach the threshold, or no trial recorded at all, leave it
    unknown (needs information), never not_eligible: a blank history is not a negative one.
    """
    state = resistance_state(facts, treatment)
    text = resistance_text(facts, treatment)
    if state == "met":
        return met(f"{text}.")
    if state == "alternative":
        return met(f"{text}; {alternative}.")
    if state == "could_reach":
        extra = f"; {alternative}" if alternative else ""
        trials = (
            f"; trials of unknown adequacy: {facts.trials.unknown_text}" if facts.trials.n_unknown else ""
        )
        return unknown(
            f"{text}{trials}{extra}.",
            missing=(f"Dose, duration, outcome or episode of the trials of {facts.trials.unknown_text}",)
            if facts.trials.n_unknown
            else (),
            steps=(STEP_TRIAL_DETAILS.format(drugs=facts.trials.unknown_text),)
            if facts.trials.n_unknown
            else (),
        )
    if state == "none_recorded":
        return unknown(
            f"No antidepressant trial is recorded; {TREATMENT_NAMES[treatment]} requires at least "
            f"{plural(MIN_FAILED[treatment], 'adequate failed trial')} in the current episode.",
            missing=(MISSING_TRIALS,),
            steps=(STEP_TRIALS_HISTORY,),
        )
    return not_met("not_eligible", f"{text}.", steps=(trial_step(facts, treatment),))


# --- Rules -----------------------------------------------------------------------------------------


def same_for_every_treatment(check: Check) -> Check:
    """For a check that reads no treatment-specific fact: evaluated once per evaluation."""

    @functools.wraps(check)
    def once(facts: Facts, treatment: Treatment) -> Finding:
        finding = facts.memo.get(check)
        if finding is None:
            finding = facts.memo[check] = check(facts, treatment)
        return finding  # type: ignore[return-value]

    return once


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


def check_unknown_trial(facts: Facts, treatment: Treatment) -> Finding:
    """Trials of unknown adequacy that could reach the treatment's threshold: needs information.
    For TMS only while no adequate failure is confirmed."""
    threshold = MIN_FAILED[treatment]
    state = resistance_state(facts, treatment)
    if (
        facts.trials.n_unknown
        and state not in ("met", "alternative")
        and facts.trials.n_failed + facts.trials.n_unknown >= threshold
    ):
        drugs = facts.trials.unknown_text
        return unknown(
            f"{plural(facts.trials.n_failed, 'adequate failed trial')} confirmed; {drugs} could still count "
            f"towards the {threshold} {TREATMENT_NAMES[treatment]} requires.",
            missing=(f"Dose, duration, outcome or episode of the trials of {drugs}",),
            steps=(STEP_TRIAL_DETAILS.format(drugs=drugs),),
        )
    if facts.trials.n_unknown:
        why = "the threshold is already met" if state in ("met", "alternative") else "they could not reach it"
        return met(f"Trials of unknown adequacy ({facts.trials.unknown_text}) do not decide this: {why}.")
    return MET_NO_UNKNOWN_TRIAL


@same_for_every_treatment
def check_screen_current(facts: Facts, treatment: Treatment) -> Finding:
    """`common.suicide.screen_current`: a C-SSRS within 30 days of the assessment
    and on or after the latest PHQ-9 with item 9 >= 1, for every candidacy evaluation."""
    safety = facts.risk.safety
    limit = P.CSSRS_MAX_AGE_DAYS.value
    screener = facts.document.safety.cssrs
    if safety.screen_current and screener is not None:
        return _screen_met(facts.risk.cssrs_text, safety.cssrs_age_days or 0, limit)
    if safety.item9_unscreened_on is not None:
        on = day(safety.item9_unscreened_on)
        before = (
            "no C-SSRS is on file"
            if screener is None
            else f"the C-SSRS of {day(screener.administered_on)} is older"
        )
        return unknown(
            f"The PHQ-9 of {on} scores {safety.item9_unscreened_score} on item 9 and {before}: a C-SSRS on "
            "or after that PHQ-9 is required before any candidacy decision.",
            missing=("A current C-SSRS screener (after the PHQ-9 with item 9 of 1 or more)",),
            steps=(f"{STEP_CSSRS} today (PHQ-9 item 9 = {safety.item9_unscreened_score})",),
        )
    if screener is None:
        return unknown(
            "No C-SSRS screener is on file; a current one is required for every candidacy evaluation.",
            missing=("A C-SSRS screener from the past 30 days",),
            steps=(f"{STEP_CSSRS} today",),
        )
    return unknown(
        f"The C-SSRS of {day(screener.administered_on)} is {plural(safety.cssrs_age_days or 0, 'day')} old "
        f"at the assessment; it must be within {limit} days (the screener asks about the past month).",
        missing=("A C-SSRS screener from the past 30 days",),
        steps=(f"{STEP_CSSRS} today (the one on file is out of date)",),
    )


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


# The "met" findings of the recency rules depend on a few small values only: built once each (bounded),
# like the scoring factors, so the common case costs a dictionary lookup.
@functools.lru_cache(maxsize=512)
def _screen_met(cssrs_text: str, age: int, limit: int) -> Finding:
    return met(f"{cssrs_text}, {plural(age, 'day')} before the assessment (within {limit} days).")


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
MET_ADHERENCE = met("Adherence is recorded as good for every trial that counts.")


@same_for_every_treatment
def check_adherence(facts: Facts, treatment: Treatment) -> Finding:
    """`common.trd.adherence`: poor adherence is not an adequate trial; partial or
    unknown adherence counts, with a note. No status of its own: the resistance rules decide."""
    poor = facts.trials.summary.poor_adherence_drugs
    doubtful = facts.trials.adherence_doubtful
    parts = []
    if poor:
        parts.append(
            f"adherence to {joined([drug_name(d) for d in poor])} was poor, so "
            f"{'that trial does' if len(poor) == 1 else 'those trials do'} not count (apparent resistance "
            "can be non-adherence)"
        )
    if doubtful:
        parts.append(f"adherence to {joined(doubtful)} was partial or not recorded; counted, with a note")
    if parts:
        return Finding("not_met", None, f"{sentence('; '.join(parts))}.", (), (STEP_ADHERENCE,))
    return MET_ADHERENCE


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


def risk_reasons(facts: Facts, level: str) -> str:
    """The C-SSRS answers behind a level: "Q4 (some intention of acting on the thoughts) is yes"."""
    suffixes = (f": {level} risk.", f": at least {level} risk.")
    return "; ".join(
        r.removesuffix(suffix) for r in facts.risk.cssrs.reasons for suffix in suffixes if r.endswith(suffix)
    )


def _unknown_risk_missing(facts: Facts) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if facts.risk.cssrs_on_file:
        return ("Answers to the unanswered C-SSRS questions",), (
            f"{STEP_CSSRS} (some questions are unanswered)",
        )
    return ("A C-SSRS screener (PHQ-9 item 9 ≥ 1)",), (
        f"{STEP_CSSRS} today (PHQ-9 item 9 = {facts.risk.item9})",
    )


@same_for_every_treatment
def check_suicide_high(facts: Facts, treatment: Treatment) -> Finding:
    """C-SSRS high risk: urgent safety flag; eligible capped to eligible_with_cautions."""
    if facts.risk.at_least("high"):
        return not_met(
            "eligible_with_cautions",
            f"{facts.risk.cssrs_text}: {risk_reasons(facts, 'high')}. Urgent safety flag: crisis care comes "
            "first and this option is at best eligible with cautions.",
        )
    if facts.risk.could_reach("high"):
        missing, steps = _unknown_risk_missing(facts)
        return unknown(
            f"{facts.risk.cssrs_text}; high risk cannot be excluded, so the urgent safety flag cannot be "
            "decided.",
            missing=missing,
            steps=steps,
        )
    return met(f"{facts.risk.cssrs_text}: not high risk.")


@same_for_every_treatment
def check_suicide_moderate(facts: Facts, treatment: Treatment) -> Finding:
    """C-SSRS moderate (or higher): eligible capped to eligible_with_cautions, with a safety plan."""
    note = " The moderate/low split is partly unconfirmed."
    if facts.risk.at_least("high"):
        return not_met(
            "eligible_with_cautions",
            f"{facts.risk.cssrs_text}, above moderate: the cap applies (common.suicide.high).",
            steps=("Review the safety plan with the patient before treatment",),
        )
    if P.CSSRS_MODERATE_CAPS.value and facts.risk.at_least("moderate"):
        reasons = risk_reasons(facts, "moderate") or risk_reasons(facts, "at least moderate")
        return not_met(
            "eligible_with_cautions",
            f"{facts.risk.cssrs_text}: {reasons}. Moderate risk caps this option at eligible with cautions; "
            f"a safety plan is needed.{note}",
            steps=("Review the safety plan with the patient before treatment",),
        )
    if facts.risk.could_reach("moderate"):
        missing, steps = _unknown_risk_missing(facts)
        return caution_unknown(
            f"{facts.risk.cssrs_text}; moderate risk cannot be excluded.{note}",
            missing=missing,
            steps=steps,
        )
    return met(f"{facts.risk.cssrs_text}: below moderate risk, which changes no status.")


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
