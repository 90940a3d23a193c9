"""What each ``PolicyRequirements`` field asks of the record, judged for one coverage policy.

A judge returns a ``Verdict`` (met, not_met or unknown, the sentence, and for a gap the
requirement and what closes it), or None when the policy sets no such requirement. rules/payer.py
turns the verdicts of every policy into one payer finding per field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from .. import parameters as P
from ..facts import Facts
from ..models import CoveragePolicy, Outcome
from ..words import CLASS_NAMES, joined, names, plural
from . import TREATMENT_NAMES
from .resistance import ORDINALS


class Verdict(NamedTuple):
    outcome: Outcome
    text: str
    requirement: str = ""
    closes_with: str = ""


Judge = Callable[[Facts, CoveragePolicy], Verdict | None]  # None: the policy sets no such requirement


def min_failed(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
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


def min_classes(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
    need = policy.requirements.min_classes
    if need is None:
        return None
    failed = facts.trials.summary.failed_classes
    n = len(failed)
    requirement = (
        f"Failed trials from at least {plural(need, 'antidepressant class', 'antidepressant classes')}"
    )
    shown = f" ({names([CLASS_NAMES[c] for c in failed])})" if n else ""
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


def psychotherapy(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
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


def severe(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
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


def phq9_recent(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
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


def phq9_total(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
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


def min_age(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
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


def augmentation(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
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


def suicidality(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
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


def exclusion(flag: str, what: str, facts_of: Callable[[Facts], tuple[list[str], list[str]]]) -> Judge:
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


def tri_items(*items: tuple[str, str]) -> Callable[[Facts], tuple[list[str], list[str]]]:
    def read(facts: Facts) -> tuple[list[str], list[str]]:
        medical = facts.document.medical
        found = [label for field, label in items if getattr(medical, field) == "yes"]
        open_ = [label for field, label in items if getattr(medical, field) == "unknown"]
        return found, open_

    return read


def substance_misuse(facts: Facts) -> tuple[list[str], list[str]]:
    found = [f"active {s} use disorder" for s in facts.substances.active]
    open_ = []
    if facts.substances.history_open:
        open_.append("substance-use history")
    return found, open_


SEIZURE = tri_items(("seizure_history", "a seizure disorder"))
NEUROLOGICAL = tri_items(
    ("arteriovenous_malformation", "an arteriovenous malformation"),
    ("intracerebral_hemorrhage_history", "a prior intracerebral hemorrhage"),
    ("raised_icp_or_intracranial_mass", "raised intracranial pressure or an intracranial mass"),
    ("recent_stroke_or_mi", "a recent stroke or heart attack"),
    ("head_injury", "a head injury"),
)


CEREBROVASCULAR = tri_items(
    ("arteriovenous_malformation", "an arteriovenous malformation"),
    ("intracerebral_hemorrhage_history", "a prior intracerebral hemorrhage"),
    ("recent_stroke_or_mi", "a recent stroke or heart attack"),
)
RAISED_ICP = tri_items(
    ("raised_icp_or_intracranial_mass", "raised intracranial pressure or an intracranial mass")
)


def retreatment(facts: Facts, policy: CoveragePolicy) -> Verdict | None:
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
