"""The eligibility engine: pure Python, no Django (STYLE.md, "The rules engine").

``evaluate(document, policies=...)`` applies every rule of criteria.md §8 and §10 to a
validated ``ReassessmentDocument`` for TMS, Spravato and ketamine and returns a frozen
``CandidacyReport``. ``RULES`` is the registry; ``ruleset_hash()`` digests its canonical JSON
and ``RULESET_VERSION`` names it, both recorded on every evaluation.
"""

from __future__ import annotations

from .models import (
    CandidacyReport,
    CoveragePolicy,
    CriterionResult,
    Factor,
    Kind,
    Outcome,
    PaGap,
    PolicyRequirements,
    RankedOption,
    ScoreFactor,
    Status,
    Treatment,
    TreatmentResult,
)
from .registry import RULES, RULESET_VERSION, canonical_json, ruleset_hash
from .report import evaluate
from .rules import Rule
from .treatment import precedence

__all__ = [
    "RULES",
    "RULESET_VERSION",
    "CandidacyReport",
    "CoveragePolicy",
    "CriterionResult",
    "Factor",
    "Kind",
    "Outcome",
    "PaGap",
    "PolicyRequirements",
    "RankedOption",
    "Rule",
    "ScoreFactor",
    "Status",
    "Treatment",
    "TreatmentResult",
    "canonical_json",
    "evaluate",
    "precedence",
    "ruleset_hash",
]
