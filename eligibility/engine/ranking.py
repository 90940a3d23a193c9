"""The ranking of the options (clinic pathways, criteria.md §0, §10.6): viable options first, the
pathway's choice leading, and an ECT referral named first when it is indicated."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reassessment.results import trusted

from . import parameters as P
from .facts import Facts
from .models import RankedOption, Status, Treatment
from .rules import TREATMENT_NAMES
from .treatment import RANK, STATUS_WORDS, VIABLE, Evaluated
from .words import plural

P_RESPONSE = P.RESPONSE_PERCENT.value


def _first_reason(evaluated: Evaluated) -> str:
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


def _pathway(facts: Facts, by: dict[Treatment, Evaluated]) -> tuple[str | None, str]:
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


def _rationale(evaluated: Evaluated, favoured: str | None, pathway: str) -> str:
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


def rank(facts: Facts, evaluated: Sequence[Evaluated]) -> tuple[RankedOption, ...]:
    """Viable options first (the pathway's choice leading), then needs information, not
    eligible, contraindicated; within a group by status, then score, then tms/spravato/ketamine."""
    by = {e.treatment: e for e in evaluated}
    favoured, pathway = _pathway(facts, by)

    def key(item: tuple[int, Evaluated]) -> tuple[int, int, int, int, int]:
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
