"""Synthetic treatment courses for `make run` (never real patients): one of each treatment in a
different state, moved through the real services so sessions, units, monitoring forms, outcomes
and the audit trail are what the clinic would have produced. Only the clock is backdated: the
sessions are given over the past weeks.

- TMS: active from an approved PA case, 15 sessions, weekly PHQ-9 falling past the response line.
- Spravato: active induction, enrolled in the REMS, three sessions; the last one given this
  morning with its monitoring form still to file, one booked for this afternoon.
- Ketamine: self-paid series of six, completed, in remission.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from benefits import seed as benefits_seed
from benefits import services as benefits_services
from benefits.models import Coverage, PaCase, Plan
from benefits.transitions import PaStatus

from . import services
from .inputs import MeasurementInput, ObservationInput, SessionInput
from .models import Course

_TO_APPROVAL = (PaStatus.READY_TO_SUBMIT, PaStatus.SUBMITTED, PaStatus.PENDING_PAYER)


def _approved_case(coordinator: Any, evaluation: Any, treatment: str, units: int, index: int) -> PaCase:
    """A PA case moved to approved through benefits' services, valid from a month ago."""
    plan = Plan.objects.get(payer__name=benefits_seed.MA_EAST)
    coverage, _ = Coverage.objects.get_or_create(
        patient_id=evaluation.patient_id,
        plan=plan,
        defaults={"member_id": f"DEMO-CRS-{index:04d}", "valid_from": dt.date(2025, 1, 1)},
    )
    case = benefits_services.pa_case_create_from_evaluation(
        actor=coordinator, evaluation=evaluation, treatment=treatment, coverage=coverage
    )
    for item in case.checklist.filter(satisfied=False):
        benefits_services.pa_case_checklist_mark(
            actor=coordinator, case=case, code=item.code, satisfied=True, note="Demo: on file, scanned"
        )
    case = PaCase.objects.get(pk=case.pk)
    for status in _TO_APPROVAL:
        case = benefits_services.pa_case_transition(
            actor=coordinator, case=case, to=status, revision=case.revision
        )
    today = timezone.localdate()
    return benefits_services.pa_case_record_approval(
        actor=coordinator,
        case=case,
        authorization_number=f"DEMO-CRS-AUTH-{index:04d}",
        approved_units=units,
        valid_from=today - dt.timedelta(days=40),
        valid_until=today + dt.timedelta(days=140),
        revision=case.revision,
    )


def _phq9(actor: Any, course: Course, total: int, on: dt.date) -> None:
    services.measurement_record(
        actor=actor, course=course, data=MeasurementInput(scale="phq9", total=total, measured_on=on)
    )


def _weekdays_back(count: int, end: dt.datetime) -> list[dt.datetime]:
    """``count`` weekday mornings ending on ``end``'s day or before, oldest first."""
    days: list[dt.datetime] = []
    day = end
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return days[::-1]


# The load scenario's seed (tests/load/seed.py) starts its courses on cases approved the same way.
approved_case = _approved_case


def _tms(clinician: Any, staff: Any, case: PaCase, now: dt.datetime) -> Course:
    given = _weekdays_back(15, (now - dt.timedelta(days=1)).replace(hour=14, minute=0))
    course = services.course_start(
        actor=clinician, patient=case.patient, treatment="tms", starts_on=given[0].date(), pa_case=case,
        protocol="",
    )  # fmt: skip
    scores = iter([22, 19, 14, 10])  # baseline, then weekly: 55 % down by week 3
    for number, moment in enumerate(given, start=1):
        if number % 5 == 1:
            _phq9(staff, course, next(scores), moment.date())
        services.session_record(
            actor=staff,
            course=course,
            data=SessionInput(
                given_at=moment, motor_threshold_percent=58 if number == 1 else None,
                intensity_percent_mt=120, pulses=3000, coil="Figure-8", target="Left DLPFC",
                tms_protocol="10hz",
                side_effects="Mild scalp discomfort." if number < 3 else "",
            ),
        )  # fmt: skip
    _phq9(staff, course, next(scores), given[-1].date())
    return course


def _spravato_session(clinician: Any, staff: Any, course: Course, given: dt.datetime, file: bool) -> None:
    session = services.session_record(
        actor=staff,
        course=course,
        data=SessionInput(
            given_at=given, dose_mg=56, bp_pre_systolic=132, bp_pre_diastolic=84, heart_rate=76
        ),
    )
    services.session_record_observations(
        actor=staff,
        session=session,
        data=ObservationInput(
            bp_40_systolic=146, bp_40_diastolic=90, bp_discharge_systolic=134, bp_discharge_diastolic=84,
            sedation="mild", dissociation="moderate", spo2_lowest=96, transport_arranged=True,
        ),
    )  # fmt: skip
    if given + dt.timedelta(minutes=125) > timezone.now():
        return  # still under observation: the clinician clears discharge later today
    services.session_clear_discharge(actor=clinician, session=session, now=given + dt.timedelta(minutes=125))
    if file:
        services.monitoring_form_file(actor=staff, form=session.monitoring_form, confirmation="DEMO-PMF")


def _spravato(clinician: Any, staff: Any, case: PaCase, now: dt.datetime) -> Course:
    start = (now - dt.timedelta(days=7)).replace(hour=9, minute=0)
    services.rems_enrolment_record(
        actor=clinician, patient=case.patient, enrolled_on=start.date() - dt.timedelta(days=2)
    )
    course = services.course_start(
        actor=clinician, patient=case.patient, treatment="spravato", starts_on=start.date(), pa_case=case,
        spravato_indication="trd",
    )  # fmt: skip
    _phq9(staff, course, 21, start.date())
    _spravato_session(clinician, staff, course, start, file=True)
    _spravato_session(clinician, staff, course, start + dt.timedelta(days=3), file=False)
    _phq9(staff, course, 17, (now - dt.timedelta(hours=4)).date())
    _spravato_session(clinician, staff, course, now - dt.timedelta(hours=3), file=False)
    services.slot_book(
        actor=clinician, course=course, starts_at=now + dt.timedelta(hours=3), room="Spravato room 1"
    )
    return course


def _ketamine(clinician: Any, staff: Any, patient: Any, now: dt.datetime) -> Course:
    given = [(now - dt.timedelta(days=30 - 3 * n)).replace(hour=10, minute=0) for n in range(6)]
    course = services.course_start(
        actor=clinician, patient=patient, treatment="ketamine", starts_on=given[0].date(), self_pay=True
    )
    scores = {0: 18, 2: 12, 4: 7}
    for index, moment in enumerate(given):
        if index in scores:
            _phq9(staff, course, scores[index], moment.date())
        services.session_record(
            actor=staff,
            course=course,
            data=SessionInput(
                given_at=moment, bp_pre_systolic=124, bp_pre_diastolic=78, weight_kg=Decimal("74.0"),
                dose_mg_per_kg=Decimal("0.50"), route="iv", infusion_minutes=40,
            ),
        )  # fmt: skip
    _phq9(staff, course, 3, given[-1].date())
    services.course_decide_next(
        actor=clinician, course=course, kind="stop", note="Series complete, in remission."
    )
    return course


def seed_courses(*, clinician: Any, staff: Any, coordinator: Any, evaluations: Iterable[Any]) -> list[Course]:
    """One course of each treatment, on the first demo patients whose evaluation allows it."""
    now = timezone.now()
    allowed = ("eligible", "eligible_with_cautions")
    used: set[Any] = set()
    made: list[Course] = []
    for index, (treatment, units) in enumerate((("tms", 36), ("spravato", 24), ("ketamine", 0))):
        evaluation = next(
            (e for e in evaluations if e.patient_id not in used and e.statuses.get(treatment) in allowed),
            None,
        )
        if evaluation is None:
            continue
        used.add(evaluation.patient_id)
        if treatment == "ketamine":
            made.append(_ketamine(clinician, staff, evaluation.patient, now))
            continue
        case = _approved_case(coordinator, evaluation, treatment, units, index)
        seed = _tms if treatment == "tms" else _spravato
        made.append(seed(clinician, staff, case, now))
    return made
