"""Treatment resistance as the rules read it (criteria.md §1.1, §8, §10.4): each treatment's
threshold of adequate failed trials, the alternatives that stand in for it (the TMS adjunct path,
Spravato's MDSI indication), and the two common rules on trials (`common.unknown_trial`,
`common.trd.adherence`)."""

from __future__ import annotations

from typing import Literal

from .. import parameters as P
from ..facts import Facts
from ..models import Outcome, Treatment
from ..words import drug_name, joined, plural
from . import TREATMENT_NAMES, Finding, met, not_met, same_for_every_treatment, sentence, unknown

MIN_FAILED: dict[str, int] = {
    "tms": P.TMS_MIN_FAILED_TRIALS.value,
    "spravato": P.SPRAVATO_MIN_FAILED_TRIALS.value,
    "ketamine": P.KETAMINE_MIN_FAILED_TRIALS.value,
}
ORDINALS = {1: "a first", 2: "a second", 3: "a third", 4: "a fourth"}

STEP_ADHERENCE = (
    "Confirm adherence to the trials in doubt (pharmacy fill records, drug levels) before counting them"
)
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
