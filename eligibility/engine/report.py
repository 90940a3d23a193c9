"""``evaluate``: every rule for every treatment (treatment.py), the ranking (ranking.py), the
crisis steps, the report's next steps, work-up reminders and staging.

The engine validates nothing twice: the document arrives validated (the boundary), the facts
every rule reads are computed once (facts/), each rule returns a plain ``Finding``, and the
report's frozen models are assembled once from values the engine built (``results.trusted``).
Deterministic: no clock but ``as_of``, no set or dict order in the output, so the same input
gives a byte-identical ``model_dump_json()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from reassessment.documents import ReassessmentDocument
from reassessment.results import trusted
from reassessment.staging import maudsley_points, thase_rush_stage

from .facts import Facts
from .models import (
    TREATMENTS,
    CandidacyReport,
    CoveragePolicy,
    RankedOption,
    Staging,
)
from .ranking import ect_referral, rank
from .registry import RULESET_VERSION, ruleset_hash
from .rules.common import STEP_ECT
from .rules.suicide import risk_reasons
from .treatment import Evaluated, evaluate_treatment
from .workup import workup_reminders


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
    evaluated = [evaluate_treatment(facts, treatment) for treatment in TREATMENTS]
    crisis = crisis_steps(facts) if facts.risk.safety.urgent else ()
    ranking = rank(facts, evaluated)
    return trusted(
        CandidacyReport,
        {
            "ruleset_version": RULESET_VERSION,
            "ruleset_hash": ruleset_hash(),
            "as_of": facts.as_of,
            "urgent_safety_flag": facts.risk.safety.urgent,
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
            "next_steps": _next_steps(facts, evaluated, ranking, crisis),
            "safety_reasons": facts.risk.safety.reasons,
            "workup": workup_reminders(facts),
            "staging": _staging(facts),
        },
    )


def _next_steps(
    facts: Facts, evaluated: Sequence[Evaluated], ranking: Sequence[RankedOption], crisis: tuple[str, ...]
) -> tuple[str, ...]:
    """Crisis steps, then the ECT referral, then every treatment's steps: safety steps first, then
    in rank order. The referral line names ECT once, with every reason; the treatments' own ECT steps
    say less, so they are left out when it is there."""
    by: dict[str, Evaluated] = {e.treatment: e for e in evaluated}
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
    return _unique(
        (
            *crisis,
            *ect_steps,
            *(step for _, _, step in safety_first if not (ect_steps and step.startswith(STEP_ECT))),
        )
    )


def _staging(facts: Facts) -> Staging:
    # The points and the stage only: the report shows one line, not each dimension's reasons.
    msm = maudsley_points(facts.document, as_of=facts.as_of, resistance=facts.trials.summary)
    stage, could_be_higher = thase_rush_stage(facts.document, resistance=facts.trials.summary)
    return _staging_model(msm.score, msm.band, stage, could_be_higher)


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
