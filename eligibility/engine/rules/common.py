"""Rules evaluated for all three treatments (criteria.md §1, §5, §6.2, §8 `common.*`)."""

from __future__ import annotations

import functools
from typing import Literal

from .. import parameters as P
from ..facts import Facts, plural
from ..models import Outcome, Treatment
from . import TREATMENT_NAMES, Check, Finding, Rule, caution_unknown, met, not_met, sentence, unknown

MIN_FAILED: dict[str, int] = {
    "tms": P.TMS_MIN_FAILED_TRIALS.value,
    "spravato": P.SPRAVATO_MIN_FAILED_TRIALS.value,
    "ketamine": P.KETAMINE_MIN_FAILED_TRIALS.value,
}
ORDINALS = {1: "a first", 2: "a second", 3: "a third", 4: "a fourth"}

STEP_CSSRS = "Complete the C-SSRS screener"
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
    needed = MIN_FAILED[treatment] - facts.n_failed
    weeks = f"{P.MIN_TRIAL_WEEKS.value:g}"
    if needed == 1:
        nth = ORDINALS.get(facts.n_failed + 1, "another")
        return f"Document {nth} adequate antidepressant trial (≥ {weeks} weeks at ≥ minimum dose)"
    return f"Document {needed} more adequate antidepressant trials (≥ {weeks} weeks at ≥ minimum dose)"


# --- Shared states, computed once per evaluation ---------------------------------------------------

ResistanceState = Literal["met", "alternative", "could_reach", "none_recorded", "short"]


def tms_adjunct_path(facts: Facts) -> bool:
    """Aged 15–21 on a current antidepressant: the adjunct clearance (criteria.md §3.1, §3.5)."""
    adjunct = P.TMS_MIN_AGE.value <= facts.age <= P.TMS_ADJUNCT_MAX_AGE.value
    return adjunct and facts.current_antidepressant == "yes"


def mdsi(facts: Facts) -> tuple[Outcome, str, tuple[str, ...]]:
    """`spravato.mdsi` (criteria.md §2.1, §8): adult MDD + C-SSRS high + current oral antidepressant.

    Returns the outcome, the facts behind it, and the missing facts when it is unknown.
    """
    memo = facts.memo.get("mdsi")
    if memo is not None:
        return memo  # type: ignore[return-value]
    code = facts.document.diagnosis.icd10_code
    result: tuple[Outcome, str, tuple[str, ...]]
    if facts.age < P.SPRAVATO_MIN_AGE.value:
        result = ("not_met", f"age {facts.age}: the MDSI indication is for adults", ())
    elif facts.mdd == "no":
        result = ("not_met", f"the diagnosis {code} is not major depressive disorder", ())
    elif not facts.risk_at_least("high") and not facts.risk_could_reach("high"):
        shown = f"{facts.cssrs_text[:1].lower()}{facts.cssrs_text[1:]}, not high risk"
        if not facts.cssrs_on_file:
            shown = "no C-SSRS screener is on file, so no high risk is shown"
        result = ("not_met", shown, ())
    elif facts.current_antidepressant == "no":
        result = ("not_met", "no oral antidepressant is current (MDSI is treated with one)", ())
    else:
        open_parts: list[str] = []
        missing: list[str] = []
        if facts.mdd == "unknown":
            open_parts.append("no diagnosis code is recorded")
            missing.append("The primary diagnosis code")
        if not facts.risk_at_least("high"):
            open_parts.append(f"{facts.cssrs_text[:1].lower()}{facts.cssrs_text[1:]}")
            missing.append(
                "Answers to the unanswered C-SSRS questions"
                if facts.cssrs_on_file
                else "A C-SSRS screener (PHQ-9 item 9 ≥ 1)"
            )
        if facts.current_antidepressant == "unknown":
            open_parts.append("whether an oral antidepressant is current is not recorded")
            missing.append("Whether the patient takes an antidepressant now")
        if open_parts:
            result = ("unknown", "; ".join(open_parts), tuple(missing))
        else:
            result = (
                "met",
                f"adult (age {facts.age}) with MDD ({code}), C-SSRS at high risk, on a current oral "
                f"antidepressant ({facts.current_antidepressants})",
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
    if facts.n_failed >= threshold:
        state = "met"
    elif (treatment == "tms" and tms_adjunct_path(facts)) or (
        treatment == "spravato" and mdsi(facts)[0] == "met"
    ):
        state = "alternative"
    elif facts.n_failed + facts.n_unknown >= threshold or (
        treatment == "spravato" and mdsi(facts)[0] == "unknown"
    ):
        state = "could_reach"
    elif facts.no_trials:
        state = "none_recorded"
    else:
        state = "short"
    facts.memo[key] = state
    return state


def resistance_text(facts: Facts, treatment: Treatment) -> str:
    """'2 adequate failed trials (sertraline, venlafaxine) in the current episode; Spravato
    requires at least 2.' plus the trials that do not count and why."""
    n = facts.n_failed
    counted = f" ({facts.failed_text})" if n else ""
    text = (
        f"{plural(n, 'adequate failed trial')}{counted} in the current episode; "
        f"{TREATMENT_NAMES[treatment]} requires at least {MIN_FAILED[treatment]}"
    )
    if facts.not_counted_text:
        text += f". Not counted: {facts.not_counted_text}"
    if facts.mdd == "no" and facts.bipolar != "yes":
        code = facts.document.diagnosis.icd10_code
        text += (
            f". The diagnosis {code} is not MDD; the decision table (criteria.md §8) does not gate on the "
            "diagnosis, so the reviewer confirms the indication"
        )
    return text


def resistance_finding(facts: Facts, treatment: Treatment, *, alternative: str = "") -> Finding:
    """The treatment's resistance threshold on confirmed adequate failures (criteria.md §1, §8).

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
        trials = f"; trials of unknown adequacy: {facts.unknown_text}" if facts.n_unknown else ""
        return unknown(
            f"{text}{trials}{extra}.",
            missing=(f"Dose, duration, outcome or episode of the trials of {facts.unknown_text}",)
            if facts.n_unknown
            else (),
            steps=(STEP_TRIAL_DETAILS.format(drugs=facts.unknown_text),) if facts.n_unknown else (),
        )
    if state == "none_recorded":
        return unknown(
            f"No antidepressant trial is recorded; {TREATMENT_NAMES[treatment]} requires at least "
            f"{plural(MIN_FAILED[treatment], 'adequate failed trial')} in the current episode "
            "(criteria.md §1.2).",
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
    if facts.bipolar == "yes":
        return not_met(
            "not_eligible",
            f"{sentence(facts.bipolar_text)}; {TREATMENT_NAMES[treatment]} is labeled, cleared or evidenced "
            "for unipolar major depression only (criteria.md §6.2).",
            steps=("Review the diagnosis: bipolar depression needs its own treatment plan",),
        )
    if facts.bipolar == "unknown":
        return unknown(
            f"{sentence(facts.bipolar_text)}; hidden bipolarity is a known cause of apparent resistance and "
            "bars all three treatments (criteria.md §6.2).",
            missing=("Bipolar status (a bipolar screen or a recorded answer)",),
            steps=(STEP_BIPOLAR,),
        )
    return met(f"{sentence(facts.bipolar_text)}.")


def check_unknown_trial(facts: Facts, treatment: Treatment) -> Finding:
    """Trials of unknown adequacy that could reach the treatment's threshold: needs information.
    For TMS only while no adequate failure is confirmed (criteria.md §8)."""
    threshold = MIN_FAILED[treatment]
    state = resistance_state(facts, treatment)
    if (
        facts.n_unknown
        and state not in ("met", "alternative")
        and facts.n_failed + facts.n_unknown >= threshold
    ):
        drugs = facts.unknown_text
        return unknown(
            f"{plural(facts.n_failed, 'adequate failed trial')} confirmed; {drugs} could still count "
            f"towards the {threshold} {TREATMENT_NAMES[treatment]} requires (criteria.md §1.1, §8).",
            missing=(f"Dose, duration, outcome or episode of the trials of {drugs}",),
            steps=(STEP_TRIAL_DETAILS.format(drugs=drugs),),
        )
    if facts.n_unknown:
        why = "the threshold is already met" if state in ("met", "alternative") else "they could not reach it"
        return met(f"Trials of unknown adequacy ({facts.unknown_text}) do not decide this: {why}.")
    return MET_NO_UNKNOWN_TRIAL


@same_for_every_treatment
def check_cssrs_on_file(facts: Facts, treatment: Treatment) -> Finding:
    """PHQ-9 item 9 >= 1 needs a C-SSRS on file (criteria.md §5.1, §8)."""
    phq = facts.latest_phq9
    if facts.cssrs_required and not facts.cssrs_on_file and phq is not None:
        return unknown(
            f"The PHQ-9 of {phq.administered_on.isoformat()} scores {facts.item9} on item 9 and no C-SSRS "
            "is on file; a C-SSRS is required after item 9 ≥ 1, whatever the total (criteria.md §5.1, §8).",
            missing=("A C-SSRS screener (PHQ-9 item 9 ≥ 1)",),
            steps=(f"{STEP_CSSRS} today (PHQ-9 item 9 = {facts.item9})",),
        )
    screener = facts.document.safety.cssrs
    if screener is not None:
        if facts.cssrs_required and phq is not None and screener.administered_on < phq.administered_on:
            return met(
                f"{facts.cssrs_text}, before the PHQ-9 of {phq.administered_on.isoformat()} that scores "
                f"{facts.item9} on item 9. The reference does not say how recent the C-SSRS must be "
                "(criteria.md §5.1, §8): consider repeating it."
            )
        return met(f"{facts.cssrs_text}.")
    if phq is not None:
        return met(
            f"No C-SSRS is on file; the PHQ-9 of {phq.administered_on.isoformat()} scores {facts.item9} on "
            "item 9, so none is required (criteria.md §5.1)."
        )
    return met(
        "No PHQ-9 or C-SSRS is on file; the reference requires a C-SSRS only after PHQ-9 item 9 ≥ 1 "
        "(criteria.md §5.1, §8)."
    )


def risk_reasons(facts: Facts, level: str) -> str:
    """The C-SSRS answers behind a level: "Q4 (some intention of acting on the thoughts) is yes"."""
    suffixes = (f": {level} risk.", f": at least {level} risk.")
    return "; ".join(
        r.removesuffix(suffix) for r in facts.cssrs.reasons for suffix in suffixes if r.endswith(suffix)
    )


def _unknown_risk_missing(facts: Facts) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if facts.cssrs_on_file:
        return ("Answers to the unanswered C-SSRS questions",), (
            f"{STEP_CSSRS} (some questions are unanswered)",
        )
    return ("A C-SSRS screener (PHQ-9 item 9 ≥ 1)",), (f"{STEP_CSSRS} today (PHQ-9 item 9 = {facts.item9})",)


@same_for_every_treatment
def check_suicide_high(facts: Facts, treatment: Treatment) -> Finding:
    """C-SSRS high risk: urgent safety flag; eligible capped to eligible_with_cautions."""
    if facts.risk_at_least("high"):
        return not_met(
            "eligible_with_cautions",
            f"{facts.cssrs_text}: {risk_reasons(facts, 'high')}. Urgent safety flag: crisis care comes first "
            "and this option is at best eligible with cautions (criteria.md §5.3, §8).",
        )
    if facts.risk_could_reach("high"):
        missing, steps = _unknown_risk_missing(facts)
        return unknown(
            f"{facts.cssrs_text}; high risk cannot be excluded, so the urgent safety flag cannot be "
            "decided (criteria.md §5.3, §8).",
            missing=missing,
            steps=steps,
        )
    return met(f"{facts.cssrs_text}: not high risk.")


@same_for_every_treatment
def check_suicide_moderate(facts: Facts, treatment: Treatment) -> Finding:
    """C-SSRS moderate (or higher): eligible capped to eligible_with_cautions, with a safety plan."""
    note = " The moderate/low split is partly unconfirmed (criteria.md §5.3, §9)."
    if facts.risk_at_least("high"):
        return not_met(
            "eligible_with_cautions",
            f"{facts.cssrs_text}, above moderate: the cap applies (common.suicide.high).",
            steps=("Review the safety plan with the patient before treatment",),
        )
    if P.CSSRS_MODERATE_CAPS.value and facts.risk_at_least("moderate"):
        reasons = risk_reasons(facts, "moderate") or risk_reasons(facts, "at least moderate")
        return not_met(
            "eligible_with_cautions",
            f"{facts.cssrs_text}: {reasons}. Moderate risk caps this option at eligible with cautions; a "
            f"safety plan is needed (criteria.md §8).{note}",
            steps=("Review the safety plan with the patient before treatment",),
        )
    if facts.risk_could_reach("moderate"):
        missing, steps = _unknown_risk_missing(facts)
        return caution_unknown(
            f"{facts.cssrs_text}; moderate risk cannot be excluded (criteria.md §5.3, §8).{note}",
            missing=missing,
            steps=steps,
        )
    return met(f"{facts.cssrs_text}: below moderate risk, which changes no status (criteria.md §8).")


_LOGISTICS = {
    "tms": (
        "daily_visits_possible",
        "daily visits for 4–6 weeks",
        "TMS is given 5 days a week for 4–6 weeks (criteria.md §3.2)",
        "Plan how the patient can attend daily sessions (transport, work hours)",
        "Whether the patient can attend daily TMS sessions",
    ),
    "spravato": (
        "driver_after_dosing",
        "a ride home after each dose",
        "no driving until the next day after restful sleep; the patient arranges a ride (criteria.md §2.4)",
        "Arrange a driver for every dosing day",
        "Whether someone can drive the patient home after dosing",
    ),
    "ketamine": (
        "driver_after_dosing",
        "a ride home after each infusion",
        "no driving after ketamine (criteria.md §4.1)",
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
        ("diagnosis.icd10_code", "co_occurring.bipolar_spectrum", "diagnosis.bipolar_screen"),
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
        "common.cssrs_on_file",
        "common",
        "safety",
        "criteria.md §5.1, §8 [PHQ-BANDS, CSSRS]",
        ("measurement.phq9", "safety.cssrs"),
        "Latest PHQ-9 item 9 ≥ 1 and no C-SSRS on file: needs information.",
        check_cssrs_on_file,
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
