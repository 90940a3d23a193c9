"""The 0–100 fit score of one treatment: five factors, then a cap by status.

Deterministic integer arithmetic; every weight is a named parameter (parameters.py,
``SCORE_*``), project policy rather than a clinical threshold. The status decides; the score
only orders options of the same status and shows why.

    severity_urgency      25  PHQ-9 band of the latest PHQ-9 (else the recorded severity), 0–15,
                              plus urgency fit, 0–10: with C-SSRS high (moderate) risk the
                              rapid-acting options keep 10 (8) and TMS, a 4–6 week course, gets
                              2 (5); without it every option gets 10.
    treatment_history     25  Threshold met on confirmed failures: 17, +4 per failure beyond it
                              (at most +8). Met by the adolescent-adjunct (TMS) or MDSI
                              (Spravato) path: 17. Could be met once unknown trials are judged:
                              8. Otherwise 4 per confirmed failure.
    medical               20  20 − 5 per medical caution (absolute or relative rule not met,
                              logistics excluded) − 3 per unknown medical fact; 0 when
                              contraindicated; never below 0.
    logistics_preference  15  Preference fit 0–9 (TMS: non-drug 9, no preference 6, unknown 5,
                              rapid relief 3; Spravato: rapid 9, none 6, unknown 5, non-drug 2;
                              ketamine: rapid 9, none 5, unknown 4, non-drug 1) plus the
                              practical need (TMS daily visits, Spravato/ketamine a ride):
                              yes 6, unknown 3, no 0.
    insurance_cost        15  Best supplied policy: covered without PA 15, with PA 13, −3 per
                              prior-authorization gap (floor 4); not covered (self-pay) 2. No
                              policy: TMS and Spravato 8 (not checked), ketamine 3 (usually
                              self-pay).

    score = min(sum of the five, cap[status]); caps: contraindicated 0, not_eligible 20,
    needs_information 60, eligible_with_cautions and eligible 100.

The breakdown shows the factor points before the cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reassessment.results import trusted
from reassessment.scales import phq9_band

from . import parameters as P
from .facts import Facts
from .models import ScoreFactor, Status, Treatment
from .registry import RULES
from .rules import TREATMENT_NAMES, Finding, Rule, sentence
from .rules.resistance import MIN_FAILED, resistance_state
from .words import plural

MAX = P.SCORE_MAX_POINTS.value
CAP = P.SCORE_STATUS_CAP.value
_MEDICAL_KINDS = ("absolute_contraindication", "relative_caution")
_NOT_MEDICAL = ("common.logistics",)


def _factor(factor: str, points: int, rationale: str) -> ScoreFactor:
    maximum = MAX[factor]
    points = max(0, min(points, maximum))
    return trusted(
        ScoreFactor, {"factor": factor, "points": points, "max_points": maximum, "rationale": rationale}
    )


# Each factor is a pure function of a few small values, memoized (bounded): the frozen factor is
# shared between reports, and its text is built once.


@lru_cache(maxsize=4096)
def _severity_urgency(treatment: Treatment, total: int | None, recorded: str, level: str) -> ScoreFactor:
    if total is not None:
        band = phq9_band(total)
        severity = P.SCORE_SEVERITY_POINTS.value[band]
        text = f"Latest PHQ-9 {total} ({band.replace('_', ' ')}): {severity}/15"
    else:
        severity = P.SCORE_DIAGNOSIS_SEVERITY_POINTS.value[recorded]
        text = f"No PHQ-9; recorded severity {recorded}: {severity}/15"
    urgency = P.SCORE_URGENCY_POINTS.value[level][treatment]
    if level == "other":
        why = "no high or moderate suicide risk recorded, so speed of response does not set options apart"
    elif treatment == "tms":
        why = f"C-SSRS {level} risk and a TMS course takes 4–6 weeks"
    else:
        why = f"C-SSRS {level} risk favours a rapid-acting option (never in place of crisis care)"
    return _factor("severity_urgency", severity + urgency, f"{text}; {why}: {urgency}/10.")


def severity_urgency(facts: Facts, treatment: Treatment) -> ScoreFactor:
    level = (
        "high" if facts.risk.at_least("high") else "moderate" if facts.risk.at_least("moderate") else "other"
    )
    return _severity_urgency(
        treatment, facts.risk.latest_phq9_total, facts.document.diagnosis.severity, level
    )


@lru_cache(maxsize=4096)
def _treatment_history(treatment: Treatment, state: str, n: int) -> ScoreFactor:
    weights = P.SCORE_HISTORY.value
    threshold = MIN_FAILED[treatment]
    failed = plural(n, "adequate failed trial")
    if state == "met":
        extra = min(n - threshold, weights["max_extra_trials"])
        points = weights["met"] + weights["per_extra_trial"] * extra
        text = f"{failed} against the {threshold} needed"
    elif state == "alternative":
        points = weights["alternative_path"]
        path = "adolescent adjunct path" if treatment == "tms" else "MDSI indication"
        text = f"{failed}; met through the {path}"
    elif state == "could_reach":
        points = weights["could_reach"]
        text = f"{failed} confirmed; the threshold of {threshold} could be met once open facts are recorded"
    else:
        points = weights["per_trial_short"] * n
        text = f"{failed} against the {threshold} needed" if state == "short" else "no trial recorded"
    return _factor("treatment_history", points, f"{sentence(TREATMENT_NAMES[treatment])}: {text}.")


def treatment_history(facts: Facts, treatment: Treatment) -> ScoreFactor:
    return _treatment_history(treatment, resistance_state(facts, treatment), facts.trials.n_failed)


@lru_cache(maxsize=4096)
def _medical(contraindicated: str, cautions: tuple[str, ...], unknowns: tuple[str, ...]) -> ScoreFactor:
    if contraindicated:
        return _factor("medical", 0, f"Contraindicated ({contraindicated}).")
    penalty = P.SCORE_MEDICAL_PENALTY.value
    points = MAX["medical"] - penalty["caution"] * len(cautions) - penalty["unknown"] * len(unknowns)
    parts = []
    if cautions:
        parts.append(f"{plural(len(cautions), 'caution')} ({', '.join(cautions)}) −{penalty['caution']} each")
    if unknowns:
        parts.append(
            f"{plural(len(unknowns), 'open medical fact')} ({', '.join(unknowns)}) −{penalty['unknown']} each"
        )
    return _factor("medical", points, "; ".join(parts) + "." if parts else "No medical caution.")


# A rule's short name in the score's words (its id's last part, unless it reads like a code).
_SHORT = {
    "bp_elevated": "blood pressure",
    "bp_interaction": "blood-pressure interaction",
    "cv_risk": "cardiovascular risk",
    "cns_depressants": "sedating medicines",
    "head_implant": "implant near the head",
    "unknown_implant": "implant not described",
    "ich_history": "intracerebral hemorrhage",
    "avm": "arteriovenous malformation",
    "raised_icp": "raised intracranial pressure",
    "aneurysmal_disease": "aneurysmal disease",
    "psychosis_history": "past psychosis",
    "bipolar_risk": "bipolar risk",
    "prior_course": "earlier course without response",
    "acute_suicidality": "acute suicidality",
}


def _short(rule: Rule) -> str:
    last = rule.id.rsplit(".", 1)[-1]
    return _SHORT.get(last, last.replace("_", " "))


# Per rule id, once at import: its short name if it counts toward the medical factor, else None.
_MEDICAL_SHORT: dict[str, str | None] = {
    rule.id: _short(rule) if rule.kind in _MEDICAL_KINDS and rule.id not in _NOT_MEDICAL else None
    for rule in RULES
}


def medical(results: Sequence[tuple[Rule, Finding]]) -> ScoreFactor:
    """``results``: at least every result that is not "met"."""
    cautions: list[str] = []
    unknowns: list[str] = []
    for rule, finding in results:
        short = _MEDICAL_SHORT[rule.id]
        if short is None or finding.outcome == "met":
            continue
        if finding.effect == "contraindicated":
            return _medical(short, (), ())
        (unknowns if finding.outcome == "unknown" else cautions).append(short)
    return _medical("", tuple(cautions), tuple(unknowns))


@lru_cache(maxsize=4096)
def _logistics_preference(treatment: Treatment, preference: str, answer: str) -> ScoreFactor:
    fit = P.SCORE_PREFERENCE_POINTS.value[treatment][preference]
    need = "daily visits" if treatment == "tms" else "a ride after dosing"
    practical = P.SCORE_LOGISTICS_POINTS.value[answer]
    return _factor(
        "logistics_preference",
        fit + practical,
        f"Preference {preference.replace('_', ' ')}: {fit}/9; {need}: {answer} ({practical}/6).",
    )


def logistics_preference(facts: Facts, treatment: Treatment) -> ScoreFactor:
    logistics = facts.document.logistics
    answer = logistics.daily_visits_possible if treatment == "tms" else logistics.driver_after_dosing
    return _logistics_preference(treatment, logistics.preference, answer)


@lru_cache(maxsize=16)
def _no_policy(treatment: Treatment) -> ScoreFactor:
    points = P.SCORE_INSURANCE.value["no_policy"][treatment]
    why = "ketamine is usually self-pay" if treatment == "ketamine" else "not checked"
    return _factor("insurance_cost", points, f"No coverage policy supplied: {why}.")


def insurance_cost(
    facts: Facts, treatment: Treatment, results: Sequence[tuple[Rule, Finding]]
) -> ScoreFactor:
    weights = P.SCORE_INSURANCE.value
    policies = facts.policies[treatment]
    if not policies:
        return _no_policy(treatment)
    gaps = [0] * len(policies)
    for rule, finding in results:
        if rule.id != "payer.coverage":
            for gap in finding.gaps:
                gaps[gap.policy] += 1
    best, best_text = -1, ""
    for index, policy in enumerate(policies):
        name = f"{policy.payer} {policy.plan}".strip()
        if not policy.covered:
            points, text = weights["not_covered"], f"{name}: not covered (self-pay)"
        else:
            base = weights["covered_pa"] if policy.pa_required else weights["covered_no_pa"]
            points = max(weights["covered_floor"], base - weights["per_gap"] * gaps[index])
            pa = "with prior authorization" if policy.pa_required else "without prior authorization"
            text = f"{name}: covered {pa}, {plural(gaps[index], 'open PA gap')}"
        if points > best:
            best, best_text = points, text
    return _factor("insurance_cost", best, f"{best_text}.")


def score(
    facts: Facts, treatment: Treatment, status: Status, results: Sequence[tuple[Rule, Finding]]
) -> tuple[int, tuple[ScoreFactor, ...]]:
    breakdown = (
        severity_urgency(facts, treatment),
        treatment_history(facts, treatment),
        medical(results),
        logistics_preference(facts, treatment),
        insurance_cost(facts, treatment, results),
    )
    severity, history, medical_, logistics, insurance = breakdown
    total = severity.points + history.points + medical_.points + logistics.points + insurance.points
    return max(0, min(total, CAP[status], 100)), breakdown
