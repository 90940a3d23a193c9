"""What comes next for a course: proposals from pure rules, decided by the clinician.

A proposal is never a decision: the clinician chooses (the service records who and why). Each
proposal carries its rule id and source; the review point and maintenance for ketamine are
clinic parameters (unconfirmed). Retreatment facts for a relapse after a responded course
follow criteria.md §3.6 (L37086: > 50 % response, then relapse) and §3.7 (Aetna: ≥ 50 %
response lasting ≥ 2 months).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from . import parameters as p
from .outcomes import Outcome, non_response_at_review

NextKind = Literal["extend", "taper", "maintenance", "switch", "stop", "continue"]
CourseState = Literal["planned", "active", "taper", "continuation", "paused", "completed", "stopped"]
NEXT_KINDS: tuple[NextKind, ...] = ("extend", "taper", "maintenance", "switch", "stop", "continue")


class CourseSnapshot(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    treatment: Literal["tms", "spravato", "ketamine"]
    status: CourseState
    sessions_done: int
    planned_sessions: int
    outcome: Outcome | None = None
    adverse_event: bool = False


class Proposal(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: NextKind
    rule_id: str
    reason: str
    source: str


def _proposal(kind: NextKind, rule: str, reason: str, source: str) -> Proposal:
    return Proposal(kind=kind, rule_id=f"courses.next.{rule}", reason=reason, source=source)


def _after_safety_event() -> list[Proposal]:
    return [
        _proposal(
            "stop",
            "safety_event",
            "A seizure or syncope stopped the course; stop, or resume only after review.",
            "criteria.md §3.4 [NS-IFU, ROSSI-2021]",
        )
    ]


def _when_responding(s: CourseSnapshot) -> list[Proposal]:
    if s.treatment == "tms":
        if s.status == "active":
            return [
                _proposal("taper", "tms_taper", "Response reached: taper over three weeks (3, 2, 1).", "§3.2")
            ]
        return [
            _proposal(
                "maintenance",
                "tms_maintenance",
                "Consider maintenance TMS; many payers call it investigational.",
                "criteria.md §3.2 [AETNA-0469]",
            )
        ]
    if s.treatment == "spravato":
        return [
            _proposal(
                "maintenance",
                "spravato_maintenance",
                "Continue dosing weekly or every 2 weeks from week 9 at the lowest effective dose.",
                "criteria.md §2.4 [SPR-PI]",
            )
        ]
    return [
        _proposal(
            "maintenance",
            "ketamine_periodic",
            "Consider periodic maintenance infusions (clinic policy, unconfirmed).",
            "criteria.md §4.1 (maintenance not specified)",
        )
    ]


def _when_not_responding(s: CourseSnapshot) -> list[Proposal]:
    others = {"tms": "Spravato or ketamine", "spravato": "TMS or ECT", "ketamine": "TMS, Spravato or ECT"}
    return [
        _proposal(
            "switch",
            "switch_after_non_response",
            f"No meaningful improvement at the review point: evaluate {others[s.treatment]}.",
            "criteria.md §5.2; review point a clinic parameter (unconfirmed)",
        ),
        _proposal("stop", "stop_after_non_response", "Stop the course if the patient prefers.", "§5.2"),
    ]


def propose(s: CourseSnapshot) -> list[Proposal]:
    """Proposals for the clinician, most pressing first; empty while nothing calls for a decision."""
    if s.status in ("completed", "stopped"):
        return []
    if s.status == "planned" or s.sessions_done == 0:
        # Nothing to decide before the first session: a low score measured then is not a response
        # to this course (proposing maintenance or a taper would be wrong).
        return []
    if s.adverse_event or s.status == "paused":
        return _after_safety_event()
    outcome = s.outcome
    if outcome is not None and outcome.response:
        return _when_responding(s)
    if non_response_at_review(s.treatment, s.sessions_done, outcome):
        return _when_not_responding(s)
    if s.sessions_done >= s.planned_sessions > 0:
        if outcome is not None and outcome.band == "partial":
            return [
                _proposal(
                    "extend",
                    "extend_partial",
                    "Partial response at the end of the plan: extend if the payer allows (TMS usually ≤ 36).",
                    "criteria.md §3.2, §3.7, §5.2",
                )
            ]
        return [
            _proposal("stop", "plan_complete", "The planned sessions are done: complete the course.", "§3.2")
        ]
    return []


# --- Retreatment (criteria.md §3.6, §3.7, §10.6) ---------------------------------------------------


class RetreatmentFacts(BaseModel):
    model_config = ConfigDict(frozen=True)

    best_improvement_percent: float
    response_on: dt.date
    relapse_on: dt.date
    months_sustained: int
    meets_l37086: bool  # > 50 % response, then relapse
    meets_aetna: bool  # ≥ 50 % response lasting ≥ 2 months


def _whole_months(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def retreatment_facts(
    best_improvement_percent: float, response_on: dt.date, relapse_on: dt.date
) -> RetreatmentFacts:
    """What a payer's retreatment criterion reads from a relapse after a responded course."""
    if relapse_on < response_on:
        raise ValueError("a relapse comes after the response")
    months = _whole_months(response_on, relapse_on)
    return RetreatmentFacts(
        best_improvement_percent=best_improvement_percent,
        response_on=response_on,
        relapse_on=relapse_on,
        months_sustained=months,
        meets_l37086=best_improvement_percent > p.RETREATMENT_L37086_ABOVE.value,
        meets_aetna=best_improvement_percent >= p.RETREATMENT_AETNA_PERCENT.value
        and months >= p.RETREATMENT_AETNA_MONTHS.value,
    )
