"""Payer rules: one per ``PolicyRequirements`` field.

Payer-only requirements **never change a status**: every finding here has no
status effect; an unmet or undocumented requirement becomes a prior-authorization gap saying
what would close it, and lowers only the insurance/cost score. Each rule reads every coverage
policy supplied for the treatment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from .. import parameters as P
from ..facts import Facts
from ..models import CoveragePolicy, Outcome, Treatment
from ..words import joined, names, plural
from . import TREATMENT_NAMES, Finding, Gap, Rule, sentence
from .resistance import ORDINALS

NEVER = "Payer requirements never change the status; gaps go to prior authorization."


class Verdict(NamedTuple):
    outcome: Outcome
    text: str
    requirement: str = ""
    closes_with: str = ""


Judge = Callable[[Facts, CoveragePolicy], Verdict | None]  # None: the policy sets no such requirement


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


# --- Judges ------------------------------------------------------------------------------------------


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


def _min_failed(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
    need = policy.requirements.min_failed_trials
    if need is None:
        return None
    n = facts.trials.n_failed
    requirement = f"At least {plural(need, 'adequate failed antidepressant trial')}"
    shown = f" ({facts.trials.failed_text})" if n else ""
    intolerant = facts.trials.summary.intolerant_drugs
    if policy.requirements.intolerance_credited and intolerant and n < need <= n + len(intolerant):
        # criteria.md §10.4: the plan credits documented intolerance (LCD L34998/L34522, Aetna).
        return Verdict(
            "met",
            f"requires {need}, failed trials or documented intolerance; {n} failed{shown} and "
            f"{plural(len(intolerant), 'trial')} stopped for side effects ({facts.trials.intolerant_text})",
        )
    if n >= need:
        return Verdict("met", f"requires {need}; {n} documented{shown}")
    if n + facts.trials.n_unknown >= need:
        return Verdict(
            "unknown",
            f"requires {need}; {n} documented{shown}, not yet judged: {facts.trials.unknown_text}",
            requirement,
            f"Complete the trial record ({facts.trials.unknown_text}): dose, dates, outcome, current episode",
        )
    more = need - n
    return Verdict(
        "not_met",
        f"requires {need}; {n} documented{shown}",
        requirement,
        f"Document {plural(more, 'more adequate antidepressant trial')} (≥ {P.MIN_TRIAL_WEEKS.value:g} "
        "weeks at ≥ minimum dose), or documented intolerance where the plan accepts it",
    )


def _min_classes(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
    need = policy.requirements.min_classes
    if need is None:
        return None
    failed = facts.trials.summary.failed_classes
    n = len(failed)
    requirement = (
        f"Failed trials from at least {plural(need, 'antidepressant class', 'antidepressant classes')}"
    )
    shown = f" ({names(failed)})" if n else ""
    if n >= need:
        return Verdict("met", f"requires {need} classes; {n} documented{shown}")
    unknown_classes = {t.drug_class for t in facts.trials.summary.trials if t.status == "unknown"} - set(
        failed
    )
    if n + len(unknown_classes) >= need:
        return Verdict(
            "unknown",
            f"requires {need} classes; {n} documented{shown}, more possible once trials of unknown adequacy "
            "are judged",
            requirement,
            f"Complete the trial record ({facts.trials.unknown_text})",
        )
    nth = ORDINALS.get(n + 1, "another").removeprefix("a ")
    return Verdict(
        "not_met",
        f"requires {need} classes; {n} documented{shown}",
        requirement,
        f"Document an adequate trial of a {nth} antidepressant class (≥ {P.MIN_TRIAL_WEEKS.value:g} weeks "
        "at ≥ minimum dose)",
    )


def _psychotherapy(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
    if not policy.requirements.psychotherapy_required:
        return None
    requirement = "An adequate evidence-based psychotherapy trial without sufficient improvement"
    closes = "Document an evidence-based psychotherapy trial (type, frequency, duration, outcome)"
    trials = facts.document.psychotherapy_trials
    for trial in trials:
        if trial.evidence_based == "yes" and trial.outcome in ("no_response", "partial_response"):
            length = f", {trial.sessions} sessions" if trial.sessions is not None else ""
            return Verdict(
                "met", f"requires psychotherapy; {trial.modality}{length}, {trial.outcome.replace('_', ' ')}"
            )
    if any(t.evidence_based == "unknown" or t.outcome == "unknown" for t in trials):
        return Verdict(
            "unknown",
            "requires psychotherapy; the recorded trial's evidence base or outcome is not recorded",
            requirement,
            "Record whether the psychotherapy was evidence-based and its outcome",
        )
    found = (
        "none is recorded" if not trials else "no recorded trial is an evidence-based one without improvement"
    )
    return Verdict("not_met", f"requires psychotherapy; {found}", requirement, closes)


def _severe(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
    if not policy.requirements.severe_episode_only:
        return None
    diagnosis = facts.document.diagnosis
    requirement = "A severe major depressive episode"
    closes = (
        "Document severe MDD (psychiatrist's diagnosis, e.g. F33.2) with a rating scale (PHQ-9 ≥ "
        f"{P.SEVERE_PHQ9_TOTAL.value} or MADRS ≥ {P.SEVERE_MADRS_TOTAL.value})"
    )
    if diagnosis.severity == "severe" or (diagnosis.icd10_code in P.SEVERE_CODES.value):
        return Verdict(
            "met", f"requires a severe episode; recorded as severe ({diagnosis.icd10_code or 'no code'})"
        )
    if diagnosis.severity == "unknown":
        return Verdict("unknown", "requires a severe episode; severity is not recorded", requirement, closes)
    return Verdict(
        "not_met", f"requires a severe episode; recorded as {diagnosis.severity}", requirement, closes
    )


def _phq9_recent(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
    days = policy.requirements.phq9_within_days
    if days is None:
        return None
    requirement = f"A PHQ-9 within {days} days"
    phq = facts.risk.latest_phq9
    if phq is None:
        return Verdict(
            "not_met",
            f"requires a PHQ-9 within {days} days; none is on file",
            requirement,
            "Administer a PHQ-9",
        )
    age = (facts.as_of - phq.administered_on).days
    if 0 <= age <= days:
        return Verdict(
            "met", f"requires a PHQ-9 within {days} days; latest {phq.administered_on.isoformat()}"
        )
    return Verdict(
        "not_met",
        f"requires a PHQ-9 within {days} days; the latest is from {phq.administered_on.isoformat()} ({age} "
        "days)",
        requirement,
        "Repeat the PHQ-9 before submitting",
    )


def _phq9_total(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
    need = policy.requirements.phq9_min_total
    if need is None:
        return None
    requirement = f"A PHQ-9 total of at least {need}"
    total = facts.risk.latest_phq9_total
    if total is None:
        return Verdict(
            "not_met", f"requires PHQ-9 ≥ {need}; none is on file", requirement, "Administer a PHQ-9"
        )
    if total >= need:
        return Verdict("met", f"requires PHQ-9 ≥ {need}; latest total {total}")
    return Verdict(
        "not_met",
        f"requires PHQ-9 ≥ {need}; latest total {total}",
        requirement,
        "Not closable by paperwork while the total is lower: document other rating scales and ask for a "
        "medical-necessity review",
    )


def _min_age(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
    need = policy.requirements.min_age
    if need is None:
        return None
    if facts.age >= need:
        return Verdict("met", f"requires age ≥ {need}; age {facts.age}")
    return Verdict(
        "not_met",
        f"requires age ≥ {need}; age {facts.age}",
        f"Age {need} or older",
        "Ask the plan for a case-by-case exception (adolescent policies vary)",
    )


def _augmentation(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
    if not policy.requirements.augmentation_required:
        return None
    requirement = "A failed augmentation trial in the current episode"
    resistance = facts.trials.summary
    if resistance.augmentation_trials:
        return Verdict(
            "met", f"requires augmentation; {plural(resistance.augmentation_trials, 'trial')} documented"
        )
    if resistance.augmentation_episode_unknown:
        return Verdict(
            "unknown",
            "requires augmentation; the augmentation trial's episode is not recorded",
            requirement,
            "Record whether the augmentation trial was in the current episode",
        )
    return Verdict(
        "not_met",
        "requires augmentation; none is documented",
        requirement,
        "Document an augmentation trial (e.g. an atypical antipsychotic or lithium) in the current episode",
    )


def _suicidality(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
    if not policy.requirements.excluded_if_active_suicidality:
        return None
    requirement = "No active suicidality"
    if facts.risk.at_least("high"):
        return Verdict(
            "not_met",
            f"excludes active suicidality; {facts.risk.cssrs_text[:1].lower()}{facts.risk.cssrs_text[1:]}",
            requirement,
            "Crisis care first; re-submit once risk is reassessed, or request a peer-to-peer review",
        )
    if facts.risk.could_reach("high"):
        return Verdict(
            "unknown",
            f"excludes active suicidality; {facts.risk.cssrs_text[:1].lower()}{facts.risk.cssrs_text[1:]}",
            requirement,
            "Complete the C-SSRS screener",
        )
    return Verdict(
        "met", f"excludes active suicidality; {facts.risk.cssrs_text[:1].lower()}{facts.risk.cssrs_text[1:]}"
    )


def _exclusion(flag: str, what: str, facts_of: Callable[[Facts], tuple[list[str], list[str]]]) -> Judge:
    """A plan exclusion read from the record: recorded → a gap, unknown → open."""

    def judge(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
        if not getattr(policy.requirements, flag):
            return None
        found, open_ = facts_of(facts)
        requirement = f"No {what}"
        if found:
            return Verdict(
                "not_met",
                f"excludes {what}; the record shows {joined(found)}",
                requirement,
                "Ask for a medical-necessity review with the specialist's opinion, or choose another option",
            )
        if open_:
            return Verdict(
                "unknown",
                f"excludes {what}; not recorded: {joined(open_)}",
                requirement,
                f"Record {joined(open_)}",
            )
        return Verdict("met", f"excludes {what}; none is recorded")

    return judge


def _tri_items(*items: tuple[str, str]) -> Callable[[Facts], tuple[list[str], list[str]]]:
    def read(facts: Facts) -> tuple[list[str], list[str]]:
        medical = facts.document.medical
        found = [label for field, label in items if getattr(medical, field) == "yes"]
        open_ = [label for field, label in items if getattr(medical, field) == "unknown"]
        return found, open_

    return read


def _substance_misuse(facts: Facts) -> tuple[list[str], list[str]]:
    found = [f"active {s} use disorder" for s in facts.substances.active]
    open_ = []
    if facts.substances.history_open:
        open_.append("substance-use history")
    return found, open_


_SEIZURE = _tri_items(("seizure_history", "a seizure disorder"))
_NEUROLOGICAL = _tri_items(
    ("arteriovenous_malformation", "an arteriovenous malformation"),
    ("intracerebral_hemorrhage_history", "a prior intracerebral hemorrhage"),
    ("raised_icp_or_intracranial_mass", "raised intracranial pressure or an intracranial mass"),
    ("recent_stroke_or_mi", "a recent stroke or heart attack"),
    ("head_injury", "a head injury"),
)
_CEREBROVASCULAR = _tri_items(
    ("arteriovenous_malformation", "an arteriovenous malformation"),
    ("intracerebral_hemorrhage_history", "a prior intracerebral hemorrhage"),
    ("recent_stroke_or_mi", "a recent stroke or heart attack"),
)
_RAISED_ICP = _tri_items(
    ("raised_icp_or_intracranial_mass", "raised intracranial pressure or an intracranial mass")
)


def _retreatment(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
    """A repeat course needs a prior response above 50 % and then a relapse."""
    if not policy.requirements.retreatment_needs_prior_response:
        return None
    treatment = policy.treatment
    courses = facts.prior_courses.get(treatment, ())
    if not courses:
        return Verdict("met", f"sets a retreatment criterion; no earlier {TREATMENT_NAMES[treatment]} course")
    limit = P.RESPONSE_PERCENT.value
    requirement = f"Retreatment: more than {limit} % response to the earlier course, then relapse"
    for course in courses:
        if (
            course.response_percent is not None
            and course.response_percent > limit
            and course.relapsed == "yes"
        ):
            return Verdict(
                "met",
                f"retreatment needs a prior response above {limit} % and a relapse; the earlier course "
                f"brought {course.response_percent} % and symptoms returned",
            )
    if any(c.response_percent is None or c.relapsed == "unknown" for c in courses):
        return Verdict(
            "unknown",
            "retreatment needs a prior response above 50 % and a relapse; the earlier course's response or "
            "relapse is not recorded",
            requirement,
            "Record the earlier course's response (percent improvement) and whether symptoms returned",
        )
    return Verdict(
        "not_met",
        f"retreatment needs a prior response above {limit} % and a relapse; the earlier course does not "
        "show both",
        requirement,
        "Ask for a medical-necessity review: the plan's retreatment criterion is not met",
    )


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
        _min_failed,
    ),
    _rule(
        "payer.min_classes",
        "medication_trials",
        "minimum number of antidepressant classes",
        f"{_PAYER} [LCD-L37086, CIGNA-SPR, WEISSMAN-2023]",
        "Plan's minimum number of failed classes.",
        _min_classes,
    ),
    _rule(
        "payer.psychotherapy",
        "psychotherapy_trials",
        "psychotherapy requirement",
        f"{_PAYER} [LCD-L37086, CENTENE-BH200]",
        "Plan requires a failed evidence-based psychotherapy trial.",
        _psychotherapy,
    ),
    _rule(
        "payer.severe_episode",
        "diagnosis.severity",
        "severity requirement",
        f"{_PAYER} [LCD-L34998, LCD-L37086, AETNA-0469]",
        "Plan covers severe episodes only.",
        _severe,
    ),
    _rule(
        "payer.phq9_recent",
        "measurement.phq9",
        "PHQ-9 recency requirement",
        "criteria.md §7.2 [EVICORE-SPR, CAREFIRST-SPR]",
        "Plan requires a recent baseline PHQ-9.",
        _phq9_recent,
    ),
    _rule(
        "payer.phq9_min_total",
        "measurement.phq9",
        "PHQ-9 minimum total",
        "criteria.md §3.7, §7.2 [CENTENE-BH200]",
        "Plan requires a minimum PHQ-9 total.",
        _phq9_total,
    ),
    _rule(
        "payer.min_age",
        "patient.date_of_birth",
        "minimum age",
        "criteria.md §3.7 [AETNA-0469, CENTENE-BH200]",
        "Plan's minimum age.",
        _min_age,
    ),
    _rule(
        "payer.augmentation",
        "medication_trials",
        "augmentation requirement",
        "criteria.md §3.7 [AETNA-0469, ND-BCBSM-2016]",
        "Plan requires a failed augmentation trial.",
        _augmentation,
    ),
    _rule(
        "payer.seizure_disorder",
        "medical.seizure_history",
        "seizure-disorder exclusion",
        "criteria.md §3.6, §10.8 [LCD-L37086]",
        "Plan excludes seizure disorders.",
        _exclusion("excluded_if_seizure_disorder", "seizure disorder", _SEIZURE),
    ),
    _rule(
        "payer.neurological",
        "medical",
        "neurological exclusion",
        "criteria.md §3.6, §10.8 [LCD-L37086]",
        "Plan excludes certain neurological conditions.",
        _exclusion("excluded_if_neurological", "neurological condition named by the plan", _NEUROLOGICAL),
    ),
    _rule(
        "payer.cerebrovascular",
        "medical",
        "cerebrovascular exclusion",
        "criteria.md §3.7, §10.8 [AETNA-0469]",
        "Plan excludes cerebrovascular disease.",
        _exclusion("excluded_if_cerebrovascular", "cerebrovascular disease", _CEREBROVASCULAR),
    ),
    _rule(
        "payer.raised_icp",
        "medical.raised_icp_or_intracranial_mass",
        "raised intracranial pressure exclusion",
        "criteria.md §3.7, §10.8 [AETNA-0469]",
        "Plan excludes raised intracranial pressure or a CNS tumour.",
        _exclusion(
            "excluded_if_raised_icp", "raised intracranial pressure or an intracranial mass", _RAISED_ICP
        ),
    ),
    _rule(
        "payer.substance_misuse",
        "substance_use",
        "substance-misuse exclusion",
        "criteria.md §3.7, §10.8 [AETNA-0469]",
        "Plan excludes recent substance misuse.",
        _exclusion("excluded_if_recent_substance_misuse", "recent substance misuse", _substance_misuse),
    ),
    _rule(
        "payer.retreatment",
        "prior_courses",
        "retreatment criterion",
        "criteria.md §3.6, §3.7, §10.6 [LCD-L37086, AETNA-0469]",
        "A repeat course needs a prior response above 50 % and then a relapse.",
        _retreatment,
    ),
    _rule(
        "payer.active_suicidality",
        "safety.cssrs",
        "suicidality exclusion",
        "criteria.md §3.7 [AETNA-0469, CENTENE-BH200]",
        "Plan excludes active suicidality.",
        _suicidality,
    ),
)
