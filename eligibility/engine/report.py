"""``evaluate``: every rule for every treatment, `common.precedence`, scores, ranking, next steps.

The engine validates nothing twice: the document arrives validated (the boundary), the facts
every rule reads are computed once (facts.py), each rule returns a plain ``Finding``, and the
report's frozen models are assembled once from values the engine built (``models.trusted``).
Deterministic: no clock but ``as_of``, no set or dict order in the output, so the same input
gives a byte-identical ``model_dump_json()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from reassessment.documents import ReassessmentDocument
from reassessment.results import trusted
from reassessment.staging import maudsley, thase_rush

from . import parameters as P
from . import scoring
from .facts import Facts
from .models import (
    STATUSES,
    TREATMENTS,
    CandidacyReport,
    CoveragePolicy,
    CriterionResult,
    PaGap,
    RankedOption,
    Staging,
    Status,
    Treatment,
    TreatmentResult,
)
from .registry import CLINICAL_RULES_FOR, PAYER_RULES, RULES_FOR, RULESET_VERSION, ruleset_hash
from .rules import TREATMENT_NAMES, Check, Finding, Rule
from .rules.common import STEP_ECT
from .rules.dissociative import STEP_BP
from .rules.suicide import risk_reasons
from .words import plural
from .workup import workup_reminders

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


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def crisis_steps(facts: Facts) -> tuple[str, ...]:
    """What comes before any treatment choice when the C-SSRS shows high risk (criteria.md §5.3)."""
    return (
        "Same-day evaluation by a mental-health professional: "
        f"{facts.risk.cssrs_text[:1].lower()}{facts.risk.cssrs_text[1:]} ({risk_reasons(facts, 'high')}).",
        "Keep safety precautions in place until that evaluation: do not leave the patient alone if risk is "
        "imminent, restrict access to lethal means, review the safety plan.",
        "If danger is immediate, call 911 or go to the nearest emergency department; the 988 Suicide & "
        "Crisis Lifeline (call or text 988) is available at any time.",
        "Rapid-acting options (Spravato for acute suicidal ideation, ketamine) may be favoured in planning "
        "but never replace crisis care or hospitalization.",
    )


# Frozen results are shared between reports: most rationales of a rule repeat from patient to
# patient ("No arteriovenous malformation is recorded."), and building the model is the engine's
# main cost. One cache per (treatment, rule), keyed by the finding; bounded, and once full it
# stops growing. Content, not identity, reaches the JSON.
_CACHE_MAX = 10_000
P_DISTANCE = P.TMS_IMPLANT_DISTANCE_CM.value
P_RESPONSE = P.RESPONSE_PERCENT.value
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


class _Evaluated:
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


def _evaluate_treatment(facts: Facts, treatment: Treatment) -> _Evaluated:
    criteria: list[CriterionResult] = []
    open_pairs: list[tuple[Rule, Finding]] = []  # results other than a plain "met"
    decisive: list[str] = []  # facts whose absence makes the status needs_information
    missing: list[str] = []  # facts whose absence leaves a caution open
    cautions: list[str] = []
    gaps: list[PaGap] = []
    worst = RANK[None]
    no_policy = not facts.policies[treatment]
    append = criteria.append
    for rule, check, shared in _PLANS[treatment, not no_policy]:
        finding = check(facts, treatment)
        criterion = shared.get(finding)
        append(criterion if criterion is not None else _criterion(shared, rule, treatment, finding))
        if finding.outcome == "met" and not finding.steps:
            continue
        open_pairs.append((rule, finding))
        effect = finding.effect
        if effect is not None:
            rank = RANK[effect]
            if rank < worst:
                worst = rank
            if effect == "eligible_with_cautions":
                cautions.append(finding.rationale)
        elif rule.kind == "relative_caution" and finding.outcome == "not_met":
            # A caution that changes no status (criteria.md §10.6: an earlier course without response).
            cautions.append(finding.rationale)
        if finding.missing:
            (decisive if effect == "needs_information" else missing).extend(finding.missing)
        for gap in finding.gaps:
            gaps.append(
                trusted(
                    PaGap,
                    {
                        "rule_id": rule.id,
                        "requirement": gap.requirement,
                        "rationale": gap.rationale,
                        "closes_with": gap.closes_with,
                        "source": gap.source,
                    },
                )
            )
    if no_policy:
        # Without a policy the payer rules' results are constants (and impose nothing).
        criteria.extend(_no_policy_criteria(treatment))
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
    return _Evaluated(treatment, open_pairs, result, steps, tuple(decisive))


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


# --- Ranking (clinic pathways, criteria.md §0) ---------------------------------------------------------


def _first_reason(evaluated: _Evaluated) -> str:
    status = evaluated.result.status
    for _, finding in evaluated.pairs:
        if finding.effect == status:
            return finding.rationale
    return ""


def ect_referral(facts: Facts) -> str:
    """Why ECT is named as a referral (criteria.md §10.6), or "" when it is not."""
    reasons = []
    if facts.diagnosis.psychotic == "yes":
        reasons.append("psychotic features in the current episode (ECT is the evidence-preferred treatment)")
    if facts.risk.at_least("high"):
        reasons.append("high suicide risk with a need for rapid response")
    if facts.document.diagnosis.catatonia == "yes":
        reasons.append("catatonia")
    if any(
        c.response_percent is not None and c.response_percent >= P_RESPONSE
        for c in facts.prior_courses.get("ect", ())
    ):
        reasons.append("an earlier response to ECT")
    return "; ".join(reasons)


def _pathway(facts: Facts, by: dict[str, _Evaluated]) -> tuple[str | None, str]:
    """The option a clinic pathway puts first among the viable ones, and why."""
    preference = facts.document.logistics.preference
    urgent = facts.risk.at_least("high")
    viable = {t: e.result.status in VIABLE for t, e in by.items()}
    if urgent or preference == "rapid_relief":
        need = "C-SSRS high risk" if urgent else "the patient wants rapid relief"
        crisis = "; never in place of crisis care" if urgent else ""
        if viable["spravato"]:
            return "spravato", f"Clinic pathway: {need} and Spravato's labeled criteria are met{crisis}."
        if viable["ketamine"]:
            spravato = STATUS_WORDS[by["spravato"].result.status].lower()
            return "ketamine", (
                f"Clinic pathway: {need} and Spravato is not appropriate ({spravato}), so ketamine is the "
                f"rapid option{crisis}."
            )
        return None, ""
    if preference == "non_drug" and facts.trials.n_failed >= 1 and viable["tms"]:
        return "tms", (
            f"Clinic pathway: medication has failed ({plural(facts.trials.n_failed, 'adequate trial')}: "
            f"{facts.trials.failed_text}) and the patient prefers a non-drug treatment."
        )
    return None, ""


def _rationale(evaluated: _Evaluated, favoured: str | None, pathway: str) -> str:
    result = evaluated.result
    status = result.status
    head = f"{STATUS_WORDS[status]}, score {result.score}."
    if favoured == evaluated.treatment:
        return f"{head} {pathway}"
    if status in VIABLE:
        cautions = f" {plural(len(result.cautions), 'caution')} to address." if result.cautions else ""
        after = f"after the clinic pathway's choice ({TREATMENT_NAMES[favoured]}), " if favoured else ""
        return f"{head} Ordered {after}by status, then score.{cautions}"
    if status == "needs_information":
        shown = "; ".join(result.missing_information[:3])
        return f"{head} Needs information first: {shown}."
    return f"{head} {_first_reason(evaluated)}"


def rank(facts: Facts, evaluated: Sequence[_Evaluated]) -> tuple[RankedOption, ...]:
    """Viable options first (the pathway's choice leading), then needs information, not
    eligible, contraindicated; within a group by status, then score, then tms/spravato/ketamine."""
    by = {e.treatment: e for e in evaluated}
    favoured, pathway = _pathway(facts, by)

    def key(item: tuple[int, _Evaluated]) -> tuple[int, int, int, int, int]:
        index, e = item
        status = e.result.status
        group = 0 if status in VIABLE else 4 - RANK[status]
        return (group, 0 if e.treatment == favoured else 1, -RANK[status], -e.result.score, index)

    ordered = sorted(enumerate(evaluated), key=key)
    referral = ect_referral(facts)
    first = 2 if referral else 1
    options = tuple(
        _option(
            position,
            e.treatment,
            e.result.status,
            e.result.score,
            _rationale(e, favoured, pathway),
        )
        for position, (_, e) in enumerate(ordered, start=first)
    )
    if not referral:
        return options
    ect = trusted(
        RankedOption,
        {
            "rank": 1,
            "treatment": "ect",
            "kind": "referral",
            "status": None,
            "score": None,
            "rationale": f"Referral, not a scored candidacy: {referral}.",
        },
    )
    return (ect, *options)


@lru_cache(maxsize=4096)
def _option(rank: int, treatment: Treatment, status: Status, score: int, rationale: str) -> RankedOption:
    return trusted(
        RankedOption,
        {
            "rank": rank,
            "treatment": treatment,
            "kind": "candidacy",
            "status": status,
            "score": score,
            "rationale": rationale,
        },
    )


# --- The entry point -----------------------------------------------------------------------------------


def evaluate(document: ReassessmentDocument, *, policies: Sequence[CoveragePolicy] = ()) -> CandidacyReport:
    """The candidacy report for TMS, Spravato and ketamine (criteria.md §8, §10).

    A pure function of (document, ruleset, policies): every date is judged on the document's
    assessment date (`common.as_of`, criteria.md §10.1), so a stored document gives the same report
    on any later day. Every rule is evaluated for every treatment and `common.precedence` gives the
    status; the urgent safety flag (C-SSRS high risk) puts crisis steps first. ``policies`` add payer
    rules that never change a status (criteria.md §0).
    """
    facts = Facts(document, policies=policies)
    evaluated = [_evaluate_treatment(facts, treatment) for treatment in TREATMENTS]
    urgent = facts.risk.safety.urgent
    crisis = crisis_steps(facts) if urgent else ()
    ranking = rank(facts, evaluated)
    by = {e.treatment: e for e in evaluated}
    in_rank_order = [by[option.treatment] for option in ranking if option.kind == "candidacy"]
    safety_first = sorted(
        (
            (priority, position, step)
            for position, e in enumerate(in_rank_order)
            for priority, step in e.steps
        ),
        key=lambda item: (item[0], item[1]),
    )
    referral = ect_referral(facts)
    ect_steps = (f"{STEP_ECT}: {referral}",) if referral else ()
    return trusted(
        CandidacyReport,
        {
            "ruleset_version": RULESET_VERSION,
            "ruleset_hash": ruleset_hash(),
            "as_of": facts.as_of,
            "urgent_safety_flag": urgent,
            "crisis_steps": crisis,
            "treatments": tuple(e.result for e in evaluated),
            "ranking": ranking,
            # Decisive facts (any treatment) first, then those that leave a caution open.
            "missing_information": _unique(
                (
                    *(item for e in evaluated for item in e.decisive),
                    *(item for e in evaluated for item in e.result.missing_information),
                )
            ),
            # The referral line names ECT once, with every reason; the treatments' own ECT steps say less.
            "next_steps": _unique(
                (
                    *crisis,
                    *ect_steps,
                    *(step for _, _, step in safety_first if not (ect_steps and step.startswith(STEP_ECT))),
                )
            ),
            "safety_reasons": facts.risk.safety.reasons,
            "workup": workup_reminders(facts),
            "staging": _staging(facts),
        },
    )


def _staging(facts: Facts) -> Staging:
    msm = maudsley(facts.document, as_of=facts.as_of, resistance=facts.trials.summary)
    tr = thase_rush(facts.document, as_of=facts.as_of, resistance=facts.trials.summary)
    return _staging_model(msm.score, msm.band, tr.name, tr.could_be_higher)


@lru_cache(maxsize=1024)
def _staging_model(score: int | None, band: str | None, stage: str, could_be_higher: bool) -> Staging:
    msm = (
        f"Maudsley {score} ({band})" if score is not None else "Maudsley stage not yet known (facts missing)"
    )
    higher = ", could be higher once open trials are judged" if could_be_higher else ""
    return trusted(
        Staging,
        {
            "maudsley_score": score,
            "maudsley_band": band,
            "thase_rush_stage": stage,
            "text": f"{msm}; Thase–Rush stage {stage}{higher}.",
        },
    )
