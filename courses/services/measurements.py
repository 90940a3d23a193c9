"""Outcome measurements during a course (PHQ-9, MADRS, HAM-D17)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from elevium.accounts.models import User
from elevium.audit.services import audit_record
from elevium.lib.errors import Invalid

from ..inputs import MeasurementInput
from ..models import SCALE_MAX, Course, Measurement, ScaleName
from .common import conflict, locked

_SCALE_WORDS = {ScaleName.PHQ9: "PHQ-9", ScaleName.MADRS: "MADRS", ScaleName.HAMD17: "HAM-D17"}


def _errors(course: Course, data: MeasurementInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    scale = ScaleName(data.scale)
    if data.total > SCALE_MAX[scale]:
        errors["total"] = [f"A {_SCALE_WORDS[scale]} total is at most {SCALE_MAX[scale]}."]
    if data.item9 is not None and scale != ScaleName.PHQ9:
        errors["item9"] = ["Item 9 belongs to the PHQ-9 only."]
    if data.measured_on > course.patient.clinic.today():
        errors["measured_on"] = ["A measurement cannot be dated in the future."]
    return errors


@transaction.atomic
def measurement_record(*, actor: User, course: Course, data: MeasurementInput) -> Measurement:
    """A score on the course; the first of its scale is the baseline (criteria.md §5.2)."""
    course = locked(course)
    ended = course.ended_at
    if course.status in ("completed", "stopped") and ended is not None and data.measured_on > ended.date():
        raise conflict("This course has ended; record later scores on the patient's next course.", course)
    errors = _errors(course, data)
    if errors:
        raise Invalid(errors)
    first = not course.measurements.filter(scale=data.scale).exists()
    measurement = Measurement.objects.create(
        course=course,
        scale=data.scale,
        total=data.total,
        item9=data.item9,
        measured_on=data.measured_on,
        baseline=first,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="course.measurement_recorded",
        obj=measurement,
        patient_id=course.patient_id,
        data={"scale": data.scale, "baseline": first},
    )
    return measurement
