"""The checks a protocol requires before a session is given, each with a stable id and source.

``missing_checks`` lists the unmet ones; ``missing_sentence`` says them in one English sentence,
the refusal a session recorder sees (STYLE.md: no field keys in messages).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from . import parameters as p

TreatmentName = Literal["tms", "spravato", "ketamine"]
BpDecision = Literal["", "proceed", "defer"]


class SessionFacts(BaseModel):
    """What is known when a session is about to be given: the course's state and the form's entries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    treatment: TreatmentName
    number: int  # the session about to be given, counted from 1
    on: dt.date
    rems_enrolled: bool = False
    pre_dose_systolic: int | None = None
    pre_dose_diastolic: int | None = None
    bp_decision: BpDecision = ""
    last_phq9_on: dt.date | None = None
    weight_kg: float | None = None
    motor_threshold_percent: int | None = None
    course_paused: bool = False


class Check(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    met: bool
    missing: str  # what is missing, as a phrase that completes "still needed: ..."
    source: str


def bp_above_limit(systolic: int, diastolic: int) -> bool:
    """> 140 systolic or > 90 diastolic (criteria.md §2.3, §2.4): weigh risk before dosing."""
    return systolic > p.BP_SYSTOLIC_LIMIT.value or diastolic > p.BP_DIASTOLIC_LIMIT.value


DEFERRAL_RULE = "courses.rule.dose_deferred_for_bp"


def deferral_refusal(treatment: str, systolic: int | None, diastolic: int | None) -> str:
    """Why a deferral cannot be recorded, or empty when it can: dosing is deferred (nothing
    given) for a pre-dose BP above 140/90 before Spravato or ketamine (criteria.md §2.4, §4.1).
    A deferral for other reasons is not this record (unconfirmed whether the REMS wants one)."""
    if treatment == "tms":
        return "TMS has no dose to defer."
    if systolic is None or diastolic is None:
        return "Enter the blood pressure taken before dosing."
    if not bp_above_limit(systolic, diastolic):
        return "Dosing is deferred for a blood pressure above 140/90 only; this one is not above it."
    return ""


def phq9_due(facts: SessionFacts) -> bool:
    """A PHQ-9 is due when none was recorded within the treatment's interval (a baseline before
    the first session). The interval is a clinic parameter (unconfirmed)."""
    if facts.last_phq9_on is None:
        return True
    return (facts.on - facts.last_phq9_on).days >= p.PHQ9_INTERVAL_DAYS.value[facts.treatment]


def _bp_checks(facts: SessionFacts) -> list[Check]:
    has_bp = facts.pre_dose_systolic is not None and facts.pre_dose_diastolic is not None
    checks = [
        Check(
            id="courses.check.pre_dose_bp",
            met=has_bp,
            missing="a blood pressure taken before dosing",
            source="criteria.md §2.4, §4.1",
        )
    ]
    if has_bp and facts.pre_dose_systolic is not None and facts.pre_dose_diastolic is not None:
        high = bp_above_limit(facts.pre_dose_systolic, facts.pre_dose_diastolic)
        checks.append(
            Check(
                id="courses.check.bp_decision",
                met=not high or facts.bp_decision == "proceed",
                missing=(
                    "a clinician's decision to proceed with a blood pressure above 140/90"
                    if facts.bp_decision != "defer"
                    else "a blood pressure the clinician accepts (dosing was deferred)"
                ),
                source="criteria.md §2.4",
            )
        )
    return checks


def required_checks(facts: SessionFacts) -> list[Check]:
    """Every check the protocol requires for this session, met or not."""
    checks = [
        Check(
            id="courses.check.not_paused",
            met=not facts.course_paused,
            missing="a clinician's review of the course after its seizure or syncope",
            source="criteria.md §3.4 [NS-IFU]; stopping pending review is clinic policy",
        ),
        Check(
            id="courses.check.phq9",
            met=not phq9_due(facts),
            missing="a PHQ-9" + (" at baseline" if facts.last_phq9_on is None else " this week"),
            source="criteria.md §5.1; weekly interval is a clinic parameter (unconfirmed)",
        ),
    ]
    if facts.treatment == "tms" and facts.number == 1:
        checks.append(
            Check(
                id="courses.check.motor_threshold",
                met=facts.motor_threshold_percent is not None,
                missing="the motor threshold, determined at the first session",
                source="criteria.md §3.2, §7.3 (90867 includes motor threshold)",
            )
        )
    if facts.treatment == "spravato":
        checks.append(
            Check(
                id="courses.check.rems_enrolment",
                met=facts.rems_enrolled,
                missing="the patient's REMS enrolment",
                source="criteria.md §2.4 [SPR-REMS]",
            )
        )
    if facts.treatment in ("spravato", "ketamine"):
        checks += _bp_checks(facts)
    if facts.treatment == "ketamine":
        checks.append(
            Check(
                id="courses.check.weight",
                met=facts.weight_kg is not None and facts.weight_kg > 0,
                missing="the patient's weight for the dose in milligrams per kilogram",
                source="criteria.md §4.1",
            )
        )
    return checks


def missing_checks(facts: SessionFacts) -> list[Check]:
    return [check for check in required_checks(facts) if not check.met]


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def missing_sentence(missing: list[Check]) -> str:
    """The refusal, naming every missing check: "This session cannot be recorded yet: still
    needed: the patient's REMS enrolment and a PHQ-9 this week." Empty when nothing is missing."""
    if not missing:
        return ""
    return (
        "This session cannot be recorded yet. Still needed: " + join_words([m.missing for m in missing]) + "."
    )
