"""One treatment's evaluation: every rule's finding, `common.precedence`, the summary line, the
next steps and the prior-authorization gaps.

Each rule returns a plain ``Finding``; the report's frozen models are assembled once from values
the engine built (``results.trusted``), and the criterion a finding yields is shared between
reports (see ``_criterion``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from reassessment.results import trusted

from . import parameters as P
from . import scoring
from .facts import Facts
from .models import (
    STATUSES,
    TREATMENTS,
    CoveragePolicy,
    CriterionResult,
    PaGap,
    Status,
    Treatment,
    TreatmentResult,
)
from .registry import CLINICAL_RULES_FOR, PAYER_RULES, RULES_FOR
from .rules import TREATMENT_NAMES, Check, Finding, Gap, Rule
from .rules.dissociative import STEP_BP
from .words import plural

# `common.precedence` (criteria.md §0): a lower rank is worse; the worst effect wins.
RANK: dict[str | None, int] = {status: index for index, status in enumerate(STATUSES)}
RANK[None] = len(STATUSES)


VIABLE: tuple[Status, ...] = ("eligible_with_cautions", "eligible")


# What to do once a treatment is viable (eligible, or eligible with cautions).
STANDARD_STEPS: dict[str, tuple[str, ...]] = {
    "tms": (
        "Psychiatrist evaluation and order; plan the course (usually 30 sessions over 6 weeks plus a "
        "6-session taper)",
    ),
    "spravato": (
        "Enroll the patient in the Spravato REMS before the first dose; treat in a certified setting with "
        "at least 2 hours of observation",
        STEP_BP,
    ),
    "ketamine": (
        "Discuss off-label use and self-pay cost; plan a monitored setting with baseline blood pressure "
        "and continuous monitoring",
        STEP_BP,
    ),
}
STATUS_WORDS: dict[str, str] = {
    "contraindicated": "Contraindicated",
    "not_eligible": "Not eligible",
    "needs_information": "Needs information",
    "eligible_with_cautions": "Eligible with cautions",
    "eligible": "Eligible",
}


def precedence(effects: Iterable[Status | None]) -> Status:
    """`common.precedence`: contraindicated > not_eligible > needs_information >
    eligible_with_cautions > eligible. No effect at all is eligible."""
    worst = RANK[None]
    for effect in effects:
        rank = RANK[effect]
        if rank < worst:
            worst = rank
    return STATUSES[worst] if worst < len(STATUSES) else "eligible"


# Frozen results are shared between reports: most rationales of a rule repeat from patient to
# patient ("No arteriovenous malformation is recorded."), and building the model is the engine's
# main cost. One cache per (treatment, rule), keyed by the finding; bounded, and once full it
# stops growing. Content, not identity, reaches the JSON.
_CACHE_MAX = 10_000
P_DISTANCE = P.TMS_IMPLANT_DISTANCE_CM.value


_cached = [0]


def _criterion(
    cache: dict[Finding, CriterionResult], rule: Rule, treatment: Treatment, finding: Finding
) -> CriterionResult:
    result = trusted(
        CriterionResult,
        {
            "rule_id": rule.id,
            "treatment": treatment,
            "kind": rule.kind,
            "outcome": finding.outcome,
            "status_effect": finding.effect,
            "rationale": finding.rationale,
            "source": rule.source,
            "fields": rule.fields,
        },
    )
    if _cached[0] < _CACHE_MAX:
        _cached[0] += 1
        cache[finding] = result
    return result


Plan = tuple[tuple[Rule, Check, dict[Finding, CriterionResult]], ...]


_PLANS: dict[tuple[Treatment, bool], Plan] = {
    (treatment, with_payer): tuple(
        (rule, rule.check, {})
        for rule in (RULES_FOR[treatment] if with_payer else CLINICAL_RULES_FOR[treatment])
    )
    for treatment in TREATMENTS
    for with_payer in (False, True)
}


class _NoPolicy:
    """Stands in for Facts when checking payer rules without a policy: they read nothing else."""

    policies: dict[str, tuple[CoveragePolicy, ...]] = {"tms": (), "spravato": (), "ketamine": ()}


@cache
def _no_policy_criteria(treatment: Treatment) -> tuple[CriterionResult, ...]:
    results = []
    for rule in PAYER_RULES:
        finding = rule.check(_NoPolicy(), treatment)  # type: ignore[arg-type]
        if finding.effect is not None or finding.steps or finding.gaps or finding.missing:
            raise AssertionError(f"{rule.id} must impose nothing without a policy")  # pragma: no cover
        results.append(_criterion({}, rule, treatment, finding))
    return tuple(results)


class Evaluated:
    """One treatment's findings and result, kept together for ranking."""

    __slots__ = ("treatment", "pairs", "result", "steps", "decisive")

    def __init__(
        self,
        treatment: Treatment,
        pairs: list[tuple[Rule, Finding]],
        result: TreatmentResult,
        steps: tuple[tuple[int, str], ...],
        decisive: tuple[str, ...],
    ) -> None:
        self.treatment = treatment
        self.pairs = pairs  # only the results that are not a plain "met"
        self.result = result
        self.steps = steps  # (priority, step): priority 0 for safety steps
        self.decisive = decisive  # missing facts that make the status needs_information


def evaluate_treatment(facts: Facts, treatment: Treatment) -> Evaluated:
    no_policy = not facts.policies[treatment]
    criteria, open_pairs = _run(facts, treatment, _PLANS[treatment, not no_policy])
    if no_policy:
        # Without a policy the payer rules' results are constants (and impose nothing).
        criteria.extend(_no_policy_criteria(treatment))
    worst, decisive, missing, cautions, gaps = _collect(open_pairs)
    status: Status = STATUSES[worst] if worst < len(STATUSES) else "eligible"
    steps = _steps(treatment, status, open_pairs, sum(gap.rule_id != "payer.coverage" for gap in gaps))
    score, breakdown = scoring.score(facts, treatment, status, open_pairs)
    checks = len(CLINICAL_RULES_FOR[treatment])
    result = trusted(
        TreatmentResult,
        {
            "treatment": treatment,
            "status": status,
            "summary": _summary(facts, treatment, status, open_pairs, decisive, checks),
            "score": score,
            "breakdown": breakdown,
            "criteria": tuple(criteria),
            "missing_information": tuple(dict.fromkeys(decisive + missing)),
            "next_steps": tuple(dict.fromkeys(step for _, step in steps)),
            "cautions": tuple(cautions),
            "pa_gaps": tuple(gaps),
        },
    )
    return Evaluated(treatment, open_pairs, result, steps, tuple(decisive))


def _run(
    facts: Facts, treatment: Treatment, plan: Plan
) -> tuple[list[CriterionResult], list[tuple[Rule, Finding]]]:
    """Every rule of the plan: its criterion, and the findings other than a plain "met" (the hot
    loop: most findings are a plain "met" whose criterion is already built)."""
    criteria: list[CriterionResult] = []
    open_pairs: list[tuple[Rule, Finding]] = []
    append = criteria.append
    for rule, check, shared in plan:
        finding = check(facts, treatment)
        criterion = shared.get(finding)
        append(criterion if criterion is not None else _criterion(shared, rule, treatment, finding))
        if finding.outcome != "met" or finding.steps:
            open_pairs.append((rule, finding))
    return criteria, open_pairs


def _collect(
    open_pairs: Sequence[tuple[Rule, Finding]],
) -> tuple[int, list[str], list[str], list[str], list[PaGap]]:
    """From the findings that are not a plain "met": the worst status rank, the missing facts that
    decide the status and those that leave a caution open, the cautions, and the PA gaps."""
    worst = RANK[None]
    decisive: list[str] = []
    missing: list[str] = []
    cautions: list[str] = []
    gaps: list[PaGap] = []
    for rule, finding in open_pairs:
        effect = finding.effect
        if effect is not None:
            worst = min(worst, RANK[effect])
            if effect == "eligible_with_cautions":
                cautions.append(finding.rationale)
        elif rule.kind == "relative_caution" and finding.outcome == "not_met":
            # A caution that changes no status (criteria.md §10.6: an earlier course without response).
            cautions.append(finding.rationale)
        if finding.missing:
            (decisive if effect == "needs_information" else missing).extend(finding.missing)
        gaps.extend(_pa_gap(rule, gap) for gap in finding.gaps)
    return worst, decisive, missing, cautions, gaps


def _pa_gap(rule: Rule, gap: Gap) -> PaGap:
    return trusted(
        PaGap,
        {
            "rule_id": rule.id,
            "requirement": gap.requirement,
            "rationale": gap.rationale,
            "closes_with": gap.closes_with,
            "source": gap.source,
        },
    )


def _first_clause(text: str) -> str:
    """The first clause of a rationale, for a one-line summary."""
    for stop in (". ", "; "):
        index = text.find(stop)
        if index > 0:
            text = text[:index]
    return text.rstrip(".")


def _summary(
    facts: Facts,
    treatment: Treatment,
    status: Status,
    pairs: Sequence[tuple[Rule, Finding]],
    decisive: Sequence[str],
    checks: int,
) -> str:
    """One line that says why: "Contraindicated: cochlear implant within 30 cm of the coil"."""
    head = STATUS_WORDS[status]
    if status in ("contraindicated", "not_eligible"):
        for rule, finding in pairs:
            if finding.effect == status:
                if rule.id == "tms.abs.head_implant" and facts.implants.near:
                    near = facts.implants.near
                    return f"{head}: {', '.join(near)} within {P_DISTANCE} cm of the coil"
                clause = _first_clause(finding.rationale)
                return f"{head}: {clause[:1].lower()}{clause[1:]}"
    if status == "needs_information":
        first = decisive[0] if decisive else ""
        more = len(dict.fromkeys(decisive)) - 1
        extra = f" (and {plural(more, 'other fact')})" if more > 0 else ""
        return f"{head}: {first[:1].lower()}{first[1:]}{extra}"
    n = facts.trials.n_failed
    history = f"{plural(n, 'adequate failed trial')}" if n else "no failed trial needed"
    if status == "eligible_with_cautions":
        cautions = [_first_clause(f.rationale) for _, f in pairs if f.effect == "eligible_with_cautions"]
        first = cautions[0] if cautions else ""
        more = len(cautions) - 1
        extra = f" (and {plural(more, 'other caution')})" if more > 0 else ""
        return f"{head}: {first[:1].lower()}{first[1:]}{extra}"
    return f"{head}: {history}; no contraindication among {checks} checks"


def _steps(
    treatment: Treatment, status: Status, pairs: Sequence[tuple[Rule, Finding]], n_gaps: int
) -> tuple[tuple[int, str], ...]:
    """Safety steps first, then by the severity of what each step resolves, then rule order.
    ``pairs`` are the results that are not plain "met"."""
    if status == "contraindicated":
        return ()
    ordered = sorted(
        (
            (0 if rule.kind == "safety" else 1, RANK[finding.effect], index, step)
            for index, (rule, finding) in enumerate(pairs)
            if finding.outcome != "met" and rule.kind != "payer_requirement"
            for step in finding.steps
        ),
    )
    if status == "not_eligible":
        # Only what could lift the exclusion (or concerns safety) is a step worth taking now.
        ordered = [item for item in ordered if item[0] == 0 or item[1] <= RANK["needs_information"]]
    steps = [(priority, step) for priority, _, _, step in ordered]
    if status in VIABLE:
        steps.extend((1, step) for step in STANDARD_STEPS[treatment])
        for rule, finding in pairs:
            if rule.kind == "payer_requirement":
                steps.extend((1, step) for step in finding.steps)
        if n_gaps:
            gaps = plural(n_gaps, f"{TREATMENT_NAMES[treatment]} prior-authorization gap")
            steps.append((1, f"Close {gaps} before submitting (see PA gaps)"))
    return tuple(steps)
