"""The facts every rule reads, computed once per evaluation and shared by the three treatments.

``Facts`` is thin: the document, the clock and the patient's age, plus one piece per concern,
each derived in its own module: ``trials`` (treatment resistance, reassessment.staging),
``risk`` (the C-SSRS and PHQ-9, reassessment.scales), ``diagnosis``, ``pregnancy``,
``substances``, ``implants`` and ``medicines``. Rules then do attribute reads only.

Unknown is not "no": each combined fact is "yes", "no" or "unknown", and where two recorded
facts disagree the worse one wins, so that answering an unknown never turns a definite result
into ``needs_information``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from reassessment.documents import PriorCourse, ReassessmentDocument

from ..models import CoveragePolicy
from .conditions import Pregnancy, Substances, pregnancy, substances
from .diagnosis import DiagnosisFacts, diagnosis_facts
from .implants import IMPLANT_NAMES, ImplantFacts, implant_facts
from .medicines import MedicineFacts, medicine_facts
from .risk import RiskFacts
from .trials import TrialFacts, trial_facts

__all__ = ["IMPLANT_NAMES", "Facts", "age_on"]

_NO_POLICIES: Mapping[str, tuple[CoveragePolicy, ...]] = MappingProxyType(
    {"tms": (), "spravato": (), "ketamine": ()}
)


def age_on(born: dt.date, as_of: dt.date) -> int:
    """Completed years; a 29 February birthday completes on 1 March in other years."""
    return as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))


class Facts:
    """Everything the rules need, derived once from a validated document and the clock."""

    __slots__ = (
        "document",
        "as_of",
        "age",
        "female_possible",
        "memo",
        "trials",
        "risk",
        "diagnosis",
        "pregnancy",
        "substances",
        "implants",
        "medicines",
        "bp_age_days",
        "prior_courses",
        "policies",
    )

    def __init__(self, document: ReassessmentDocument, *, policies: Sequence[CoveragePolicy] = ()) -> None:
        # criteria.md §10.1 `common.as_of`: every date is judged on the assessment date, so a stored
        # document gives the same answer on any later day.
        as_of = document.assessed_on
        self.document = document
        self.as_of = as_of
        self.age = age_on(document.patient.date_of_birth, as_of)
        self.female_possible = document.patient.sex_at_birth != "male"
        self.memo: dict[object, object] = {}  # per-evaluation results rules share (rules/common.py)
        self.trials: TrialFacts = trial_facts(document, as_of)
        self.risk = RiskFacts(document)
        self.diagnosis: DiagnosisFacts = diagnosis_facts(document, self.risk.latest_phq9_total)
        self.pregnancy: Pregnancy = pregnancy(document)
        self.substances: Substances = substances(document)
        self.implants: ImplantFacts = implant_facts(document.medical)
        self.medicines: MedicineFacts = medicine_facts(document)
        bp = document.medical.latest_blood_pressure
        self.bp_age_days = (as_of - bp.measured_on).days if bp is not None else None
        self.prior_courses = _courses_by_treatment(document.prior_courses)
        self.policies = _policies_by_treatment(policies)


def _courses_by_treatment(courses: Sequence[PriorCourse]) -> dict[str, tuple[PriorCourse, ...]]:
    by: dict[str, tuple[PriorCourse, ...]] = {}
    for course in sorted(courses, key=_course_key):
        by[course.treatment] = (*by.get(course.treatment, ()), course)
    return by


def _course_key(course: PriorCourse) -> tuple[object, ...]:
    """Oldest first; undated courses first; ties by content (input order never matters)."""
    return (
        course.end_date or course.start_date or dt.date.min,
        course.start_date or dt.date.min,
        course.treatment,
        course.sessions or 0,
        course.response_percent if course.response_percent is not None else -1,
        course.relapsed,
    )


def _policies_by_treatment(policies: Sequence[CoveragePolicy]) -> Mapping[str, tuple[CoveragePolicy, ...]]:
    if not policies:
        return _NO_POLICIES
    by: dict[str, list[CoveragePolicy]] = {"tms": [], "spravato": [], "ketamine": []}
    for policy in policies:
        by[policy.treatment].append(policy)
    return {t: tuple(v) for t, v in by.items()}
