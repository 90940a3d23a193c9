"""Payer rules: one per ``PolicyRequirements`` field.

Payer-only requirements **never change a status**: every finding here has no
status effect; an unmet or undocumented requirement becomes a prior-authorization gap saying
what would close it, and lowers only the insurance/cost score. Each rule reads every coverage
policy supplied for the treatment.
"""

from __future__ import annotations

from collections.abc import Callable

from ..facts import Facts
from ..models import CoveragePolicy, Outcome, Treatment
from . import TREATMENT_NAMES, Finding, Gap, Rule, sentence
from .payer_judges import (
    CEREBROVASCULAR,
    NEUROLOGICAL,
    RAISED_ICP,
    SEIZURE,
    Judge,
    augmentation,
    exclusion,
    min_age,
    min_classes,
    min_failed,
    phq9_recent,
    phq9_total,
    psychotherapy,
    retreatment,
    severe,
    substance_misuse,
    suicidality,
)

NEVER = "Payer requirements never change the status; gaps go to prior authorization."


def label(policy: CoveragePolicy) -> str:
    return f"{policy.payer} {policy.plan}".strip()


def payer_check(thing: str, source: str, judge: Judge) -> Callable[[Facts, Treatment], Finding]:
    def check(facts: Facts, treatment: Treatment) -> Finding:
        policies = facts.policies[treatment]
        if not policies:
            return Finding(
                "met",
                None,
                f"No {TREATMENT_NAMES[treatment]} coverage policy was supplied: no {thing} to check.",
            )
        texts: list[str] = []
        gaps: list[Gap] = []
        worst: Outcome = "met"
        for index, policy in enumerate(policies):
            verdict = judge(facts, policy)
            if verdict is None:
                texts.append(f"{label(policy)} sets no {thing}")
                continue
            texts.append(f"{label(policy)}: {verdict.text}")
            if verdict.outcome != "met":
                gaps.append(
                    Gap(
                        index,
                        verdict.requirement,
                        f"{label(policy)}: {verdict.text}.",
                        verdict.closes_with,
                        policy.source or source,
                    )
                )
                if worst != "not_met":
                    worst = verdict.outcome
        return Finding(worst, None, f"{'; '.join(texts)}. {NEVER}", gaps=tuple(gaps))

    return check


def check_coverage(facts: Facts, treatment: Treatment) -> Finding:
    """Whether a plan covers the treatment and needs prior authorization (no policy: not checked)."""
    policies = facts.policies[treatment]
    name = TREATMENT_NAMES[treatment]
    if not policies:
        usual = " Ketamine is usually investigational, so self-pay." if treatment == "ketamine" else ""
        return Finding(
            "unknown",
            None,
            f"No {name} coverage policy was supplied, so coverage and prior authorization were not "
            f"checked.{usual} {NEVER}",
        )
    texts: list[str] = []
    gaps: list[Gap] = []
    steps: list[str] = []
    for index, policy in enumerate(policies):
        if not policy.covered:
            text = f"{label(policy)} does not cover {name} (self-pay)"
            texts.append(text)
            steps.append(
                f"{sentence(text)}: give a self-pay estimate, or ask for a medical-necessity exception"
            )
            gaps.append(
                Gap(
                    index,
                    f"Coverage of {name}",
                    f"{text}.",
                    "Give a self-pay estimate, or ask the plan for a medical-necessity exception",
                    policy.source or "criteria.md §4.2, §7.2 [BCBSMA-087]",
                )
            )
        elif policy.pa_required:
            texts.append(f"{label(policy)} covers {name} with prior authorization")
            steps.append(f"Submit prior authorization to {label(policy)} before the first {name} session")
        else:
            texts.append(f"{label(policy)} covers {name} without prior authorization")
    outcome: Outcome = "met" if len(gaps) < len(policies) else "not_met"
    return Finding(outcome, None, f"{'; '.join(texts)}. {NEVER}", steps=tuple(steps), gaps=tuple(gaps))


_PAYER = "criteria.md §0, §3.6, §3.7, §7.2"


def _rule(rule_id: str, field: str, thing: str, source: str, summary: str, judge: Judge) -> Rule:
    return Rule(
        rule_id,
        "common",
        "payer_requirement",
        source,
        (field,) if field else (),
        summary,
        payer_check(thing, source, judge),
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "payer.coverage",
        "common",
        "payer_requirement",
        "criteria.md §0, §4.2, §7.2 [BCBSMA-087]",
        (),
        "Whether the plan covers the treatment and needs prior authorization (self-pay if not covered).",
        check_coverage,
    ),
    _rule(
        "payer.min_failed_trials",
        "medication_trials",
        "minimum number of failed trials",
        f"{_PAYER} [LCD-L34998, CIGNA-SPR]",
        "Plan's minimum number of adequate failed trials.",
        min_failed,
    ),
    _rule(
        "payer.min_classes",
        "medication_trials",
        "minimum number of antidepressant classes",
        f"{_PAYER} [LCD-L37086, CIGNA-SPR, WEISSMAN-2023]",
        "Plan's minimum number of failed classes.",
        min_classes,
    ),
    _rule(
        "payer.psychotherapy",
        "psychotherapy_trials",
        "psychotherapy requirement",
        f"{_PAYER} [LCD-L37086, CENTENE-BH200]",
        "Plan requires a failed evidence-based psychotherapy trial.",
        psychotherapy,
    ),
    _rule(
        "payer.severe_episode",
        "diagnosis.severity",
        "severity requirement",
        f"{_PAYER} [LCD-L34998, LCD-L37086, AETNA-0469]",
        "Plan covers severe episodes only.",
        severe,
    ),
    _rule(
        "payer.phq9_recent",
        "measurement.phq9",
        "PHQ-9 recency requirement",
        "criteria.md §7.2 [EVICORE-SPR, CAREFIRST-SPR]",
        "Plan requires a recent baseline PHQ-9.",
        phq9_recent,
    ),
    _rule(
        "payer.phq9_min_total",
        "measurement.phq9",
        "PHQ-9 minimum total",
        "criteria.md §3.7, §7.2 [CENTENE-BH200]",
        "Plan requires a minimum PHQ-9 total.",
        phq9_total,
    ),
    _rule(
        "payer.min_age",
        "patient.date_of_birth",
        "minimum age",
        "criteria.md §3.7 [AETNA-0469, CENTENE-BH200]",
        "Plan's minimum age.",
        min_age,
    ),
    _rule(
        "payer.augmentation",
        "medication_trials",
        "augmentation requirement",
        "criteria.md §3.7 [AETNA-0469, ND-BCBSM-2016]",
        "Plan requires a failed augmentation trial.",
        augmentation,
    ),
    _rule(
        "payer.seizure_disorder",
        "medical.seizure_history",
        "seizure-disorder exclusion",
        "criteria.md §3.6, §10.8 [LCD-L37086]",
        "Plan excludes seizure disorders.",
        exclusion("excluded_if_seizure_disorder", "seizure disorder", SEIZURE),
    ),
    _rule(
        "payer.neurological",
        "medical",
        "neurological exclusion",
        "criteria.md §3.6, §10.8 [LCD-L37086]",
        "Plan excludes certain neurological conditions.",
        exclusion("excluded_if_neurological", "neurological condition named by the plan", NEUROLOGICAL),
    ),
    _rule(
        "payer.cerebrovascular",
        "medical",
        "cerebrovascular exclusion",
        "criteria.md §3.7, §10.8 [AETNA-0469]",
        "Plan excludes cerebrovascular disease.",
        exclusion("excluded_if_cerebrovascular", "cerebrovascular disease", CEREBROVASCULAR),
    ),
    _rule(
        "payer.raised_icp",
        "medical.raised_icp_or_intracranial_mass",
        "raised intracranial pressure exclusion",
        "criteria.md §3.7, §10.8 [AETNA-0469]",
        "Plan excludes raised intracranial pressure or a CNS tumour.",
        exclusion(
            "excluded_if_raised_icp", "raised intracranial pressure or an intracranial mass", RAISED_ICP
        ),
    ),
    _rule(
        "payer.substance_misuse",
        "substance_use",
        "substance-misuse exclusion",
        "criteria.md §3.7, §10.8 [AETNA-0469]",
        "Plan excludes recent substance misuse.",
        exclusion("excluded_if_recent_substance_misuse", "recent substance misuse", substance_misuse),
    ),
    _rule(
        "payer.retreatment",
        "prior_courses",
        "retreatment criterion",
        "criteria.md §3.6, §3.7, §10.6 [LCD-L37086, AETNA-0469]",
        "A repeat course needs a prior response above 50 % and then a relapse.",
        retreatment,
    ),
    _rule(
        "payer.active_suicidality",
        "safety.cssrs",
        "suicidality exclusion",
        "criteria.md §3.7 [AETNA-0469, CENTENE-BH200]",
        "Plan excludes active suicidality.",
        suicidality,
    ),
)
