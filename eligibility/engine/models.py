"""What goes in beside the document (coverage policies) and what comes out (the report).

Frozen pydantic models with ``extra="forbid"``, like the reassessment document. Plain Python,
no Django. The report is built once per evaluation and validated once (report.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Treatment = Literal["tms", "spravato", "ketamine"]
Status = Literal["contraindicated", "not_eligible", "needs_information", "eligible_with_cautions", "eligible"]
Kind = Literal[
    "absolute_contraindication", "relative_caution", "label_criterion", "payer_requirement", "safety"
]
Outcome = Literal["met", "not_met", "unknown"]
Factor = Literal["severity_urgency", "treatment_history", "medical", "logistics_preference", "insurance_cost"]

# The lists, in the order the Literals give them (derived, so there is one of each).
TREATMENTS: tuple[Treatment, ...] = get_args(Treatment)
# `common.precedence` (criteria.md §0): worst first.
STATUSES: tuple[Status, ...] = get_args(Status)
FACTORS: tuple[Factor, ...] = (
    "severity_urgency",
    "treatment_history",
    "medical",
    "logistics_preference",
    "insurance_cost",
)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- Input beside the document -------------------------------------------------------------------


class PolicyRequirements(Frozen):
    """Payer-only requirements (criteria.md §0, §3.6, §3.7, §7.2): they never change a status."""

    min_failed_trials: int | None = Field(None, ge=0)
    min_classes: int | None = Field(None, ge=0)
    psychotherapy_required: bool = False
    severe_episode_only: bool = False
    phq9_within_days: int | None = Field(None, ge=0)
    phq9_min_total: int | None = Field(None, ge=0, le=27)
    min_age: int | None = Field(None, ge=0)
    augmentation_required: bool = False
    excluded_if_active_suicidality: bool = False
    # criteria.md §10.4, §10.6, §10.8 (second edition).
    intolerance_credited: bool = False  # "failed … or documented intolerance" (LCD L34998/L34522, Aetna)
    excluded_if_seizure_disorder: bool = False  # L37086
    excluded_if_neurological: bool = False  # L37086 "certain neurological conditions"
    excluded_if_cerebrovascular: bool = False  # Aetna
    excluded_if_raised_icp: bool = False  # Aetna
    excluded_if_recent_substance_misuse: bool = False  # Aetna
    retreatment_needs_prior_response: bool = False  # L37086, Aetna: > 50 % response, then relapse


class CoveragePolicy(Frozen):
    payer: str
    plan: str = ""
    treatment: Treatment
    pa_required: bool = True
    covered: bool = True  # False: not covered, self-pay (ketamine usually, criteria.md §4.2)
    requirements: PolicyRequirements = PolicyRequirements()
    source: str = ""


# --- The report ----------------------------------------------------------------------------------


class CriterionResult(Frozen):
    rule_id: str
    treatment: Treatment
    kind: Kind
    outcome: Outcome
    status_effect: Status | None  # the status this result imposes; None: no effect
    rationale: str  # plain language, naming the patient's own facts
    source: str  # criteria.md anchor and source keys
    fields: tuple[str, ...]  # document paths read


class ScoreFactor(Frozen):
    factor: Factor
    points: int
    max_points: int
    rationale: str


class PaGap(Frozen):
    rule_id: str
    requirement: str
    rationale: str
    closes_with: str
    source: str


class TreatmentResult(Frozen):
    treatment: Treatment
    status: Status
    # One line that says why, for the top of the treatment's section: "Contraindicated: cochlear
    # implant within 30 cm of the coil" or "Eligible: 2 adequate failed trials; no contraindication
    # among 27 checks".
    summary: str
    score: int = Field(ge=0, le=100)
    breakdown: tuple[ScoreFactor, ...]
    criteria: tuple[CriterionResult, ...]
    missing_information: tuple[str, ...]
    next_steps: tuple[str, ...]
    cautions: tuple[str, ...]
    pa_gaps: tuple[PaGap, ...]


class RankedOption(Frozen):
    rank: int = Field(ge=1)
    # "ect" is a referral, not a scored candidacy (criteria.md §10.6): it has no status or score.
    treatment: Treatment | Literal["ect"]
    kind: Literal["candidacy", "referral"] = "candidacy"
    status: Status | None
    score: int | None = Field(None, ge=0, le=100)
    rationale: str


class Staging(Frozen):
    """Maudsley (criteria.md §1.4) and Thase–Rush (§1.5) stages, side by side."""

    maudsley_score: int | None
    maudsley_band: str | None
    thase_rush_stage: str  # "0", "I" … "V"
    text: str  # one sentence for the report


class CandidacyReport(Frozen):
    ruleset_version: str
    ruleset_hash: str
    as_of: dt.date
    urgent_safety_flag: bool
    crisis_steps: tuple[str, ...]
    treatments: tuple[TreatmentResult, ...]  # always tms, spravato, ketamine
    ranking: tuple[RankedOption, ...]
    missing_information: tuple[str, ...]
    next_steps: tuple[str, ...]
    # The safety reasons of reassessment.safety (the same sentences as the reassessment's banner).
    safety_reasons: tuple[str, ...]
    # criteria.md §10.7 `workup.*`: reminders, never a status.
    workup: tuple[str, ...]
    staging: Staging


# --- Construction on the hot path ------------------------------------------------------------------
# ``trusted(cls, data)`` builds a report model from values the engine built itself (one definition,
# shared with the computed results of reassessment).
