"""The course services on PostgreSQL: sessions refused in words while a check is missing, units
drawn from the approval, Spravato observation and discharge, the monitoring form, decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from benefits.models import PaEvent
from benefits.selectors import pa_case_renewal
from courses.inputs import MeasurementInput, ObservationInput
from courses.models import Course, CourseStatus, MonitoringForm, RemsRequirement, Session
from courses.services import (
    course_decide_next,
    course_record_relapse,
    course_transition,
    measurement_record,
    monitoring_form_file,
    session_clear_discharge,
    session_record,
    session_record_observations,
)
from elevium.accounts.models import User
from elevium.audit.models import AuditEvent
from elevium.lib.errors import Conflict, Invalid, Refused

from .conftest import TODAY, at, spravato_input, tms_input

pytestmark = pytest.mark.django_db


def test_a_tms_session_uses_one_unit_and_starts_the_course(start: Callable[..., Course], staff: User) -> None:
    course = start("tms")
    session = session_record(actor=staff, course=course, data=tms_input())

    course.refresh_from_db()
    assert course.status == CourseStatus.ACTIVE and course.sessions_done == 1
    assert session.billing_codes == ["90867"] and session.given_by == staff
    assert course.pa_case is not None
    course.pa_case.refresh_from_db()
    assert course.pa_case.used_units == 1
    assert AuditEvent.objects.filter(action="course.session_recorded", patient_id=course.patient_id).exists()
    assert AuditEvent.objects.filter(action="pa_case.units_recorded").exists()


def test_later_tms_sessions_bill_90868_or_90869(start: Callable[..., Course], staff: User) -> None:
    course = start("tms")
    session_record(actor=staff, course=course, data=tms_input())
    second = session_record(actor=staff, course=course, data=tms_input(TODAY + dt.timedelta(days=1)))
    third = session_record(
        actor=staff,
        course=course,
        data=tms_input(TODAY + dt.timedelta(days=2), motor_threshold_redetermined=True),
    )
    assert second.billing_codes == ["90868"] and third.billing_codes == ["90869"]


def test_units_used_feed_the_renewal_flag(start: Callable[..., Course], staff: User) -> None:
    course = start("tms", case_fields={"approved_units": 3})
    for day in range(3):
        session_record(actor=staff, course=course, data=tms_input(TODAY + dt.timedelta(days=day)))
    assert course.pa_case is not None
    course.pa_case.refresh_from_db()
    reasons = pa_case_renewal(case=course.pa_case, now=at(TODAY + dt.timedelta(days=3)))
    assert [r.kind for r in reasons] == ["units"]
    with pytest.raises(Refused, match="All 3 approved sessions are used"):
        session_record(actor=staff, course=course, data=tms_input(TODAY + dt.timedelta(days=3)))
    assert PaEvent.objects.filter(case=course.pa_case, note__startswith="Units used").count() == 3


def test_a_session_outside_the_approval_is_refused(start: Callable[..., Course], staff: User) -> None:
    course = start(
        "tms", case_fields={"valid_until": TODAY - dt.timedelta(days=1), "valid_from": dt.date(2026, 1, 1)}
    )
    with pytest.raises(Refused, match="The approval ended on"):
        session_record(actor=staff, course=course, data=tms_input())
    assert not Session.objects.exists()


def test_missing_checks_are_named_in_one_sentence(start: Callable[..., Course], staff: User) -> None:
    course = start("spravato", phq9=None, enrol=False)
    with pytest.raises(Refused) as refused:
        session_record(
            actor=staff, course=course, data=spravato_input(bp_pre_systolic=None, bp_pre_diastolic=None)
        )
    assert str(refused.value) == (
        "This session cannot be recorded yet. Still needed: a PHQ-9 at baseline, the patient's REMS "
        "enrolment and a blood pressure taken before dosing."
    )
    assert not Session.objects.exists()


def test_a_high_pre_dose_bp_needs_a_clinicians_decision(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("spravato")
    with pytest.raises(Refused, match="decision to proceed with a blood pressure above 140/90"):
        session_record(
            actor=staff, course=course, data=spravato_input(bp_pre_systolic=150, bp_pre_diastolic=95)
        )
    with pytest.raises(Invalid) as invalid:
        session_record(
            actor=staff,
            course=course,
            data=spravato_input(bp_pre_systolic=150, bp_pre_diastolic=95, bp_decision="proceed"),
        )
    assert "bp_decided_by" in invalid.value.errors
    session = session_record(
        actor=staff,
        course=course,
        data=spravato_input(
            bp_pre_systolic=150, bp_pre_diastolic=95, bp_decision="proceed", bp_decided_by=clinician.pk
        ),
    )
    assert session.bp_decision == "proceed" and session.bp_decision_by == clinician
    assert session.billing_codes == ["G2082"]


def test_spravato_discharge_after_two_hours_by_a_clinician_then_the_form_is_filed(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("spravato")
    given = at(TODAY, 9)
    session = session_record(actor=staff, course=course, data=spravato_input(given_at=given))
    form = MonitoringForm.objects.get(session=session)
    assert form.last_day == TODAY + dt.timedelta(days=7) and form.rems_version == "12/31/2024"

    with pytest.raises(Refused, match="Only a clinician"):
        session_clear_discharge(actor=staff, session=session, now=given + dt.timedelta(hours=3))
    with pytest.raises(Refused) as early:
        session_clear_discharge(actor=clinician, session=session, now=given + dt.timedelta(minutes=90))
    assert "120 minutes of observation (90 so far)" in str(early.value)
    assert "the blood pressure at about 40 minutes" in str(early.value)

    session_record_observations(
        actor=staff,
        session=session,
        data=ObservationInput(
            bp_40_systolic=150,
            bp_40_diastolic=92,
            bp_discharge_systolic=132,
            bp_discharge_diastolic=84,
            sedation="mild",
            dissociation="moderate",
            spo2_lowest=96,
            transport_arranged=True,
        ),
    )
    with pytest.raises(Refused, match="after a clinician clears"):
        monitoring_form_file(actor=staff, form=form)
    session_clear_discharge(actor=clinician, session=session, now=given + dt.timedelta(minutes=121))
    filed = monitoring_form_file(actor=staff, form=form, confirmation="PMF-1")
    assert filed.content["bp_40_minutes"] == "150/92" and filed.filed_by == staff
    assert monitoring_form_file(actor=staff, form=form).filed_at == filed.filed_at  # again: no change


def test_a_rems_change_is_an_admin_edit(start: Callable[..., Course], staff: User, clinician: User) -> None:
    RemsRequirement.objects.filter(code="minimum_observation_minutes").update(value=90)
    course = start("spravato")
    given = at(TODAY, 9)
    session = session_record(actor=staff, course=course, data=spravato_input(given_at=given))
    session_record_observations(
        actor=staff,
        session=session,
        data=ObservationInput(
            bp_40_systolic=130, bp_40_diastolic=80, bp_discharge_systolic=128, bp_discharge_diastolic=80,
            transport_arranged=True,
        ),
    )  # fmt: skip
    cleared = session_clear_discharge(actor=clinician, session=session, now=given + dt.timedelta(minutes=95))
    assert cleared.discharged


def test_a_seizure_stops_the_course_pending_review(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("tms")
    session_record(actor=staff, course=course, data=tms_input(adverse_event="seizure"))
    course.refresh_from_db()
    assert course.status == CourseStatus.PAUSED
    with pytest.raises(Refused, match="review of the course after its seizure or syncope"):
        session_record(actor=staff, course=course, data=tms_input(TODAY + dt.timedelta(days=1)))
    with pytest.raises(Refused, match="Only a clinician"):
        course_transition(actor=staff, course=course, to=CourseStatus.ACTIVE)
    decision = course_decide_next(actor=clinician, course=course, kind="continue", note="Reviewed.")
    assert decision.proposals == ["courses.next.safety_event"]
    course.refresh_from_db()
    assert course.status == CourseStatus.ACTIVE


def test_response_proposes_a_taper_and_the_decision_moves_the_course(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("tms", phq9=20)
    session_record(actor=staff, course=course, data=tms_input())
    measurement_record(
        actor=staff, course=course, data=MeasurementInput(scale="phq9", total=8, measured_on=TODAY)
    )
    with pytest.raises(Refused):
        course_decide_next(actor=staff, course=course, kind="taper")
    decision = course_decide_next(actor=clinician, course=course, kind="taper")
    assert decision.proposals == ["courses.next.tms_taper"]
    course.refresh_from_db()
    assert course.status == CourseStatus.TAPER
    assert AuditEvent.objects.filter(action="course.next_step_decided", actor=clinician).exists()

    relapse = course_record_relapse(actor=clinician, course=course, relapse_on=TODAY + dt.timedelta(days=70))
    assert relapse.meets_l37086 and relapse.meets_aetna and relapse.months_sustained == 2


def test_an_ended_course_refuses_sessions_and_decisions(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("tms")
    course_transition(actor=clinician, course=course, to=CourseStatus.STOPPED, reason="Patient moved.")
    with pytest.raises(Conflict):
        session_record(actor=staff, course=course, data=tms_input())
    with pytest.raises(Conflict):
        course_decide_next(actor=clinician, course=course, kind="extend", extra_sessions=4)
    with pytest.raises(Invalid):
        course_transition(actor=clinician, course=start("ketamine"), to=CourseStatus.STOPPED)


def test_a_ketamine_session_needs_weight_and_bills_by_the_hour(
    start: Callable[..., Course], staff: User
) -> None:
    course = start("ketamine")
    base = {"given_at": at(TODAY), "bp_pre_systolic": 120, "bp_pre_diastolic": 80}
    from courses.inputs import SessionInput

    with pytest.raises(Refused, match="weight"):
        session_record(
            actor=staff,
            course=course,
            data=SessionInput(**base, dose_mg_per_kg="0.5", route="iv", infusion_minutes=40),
        )
    session = session_record(
        actor=staff,
        course=course,
        data=SessionInput(**base, weight_kg="80.0", dose_mg_per_kg="0.5", route="iv", infusion_minutes=100),
    )
    assert session.billing_codes == ["96365", "96366"]
    assert course.planned_sessions == 6


def test_observations_sent_as_null_clear_without_breaking(start: Callable[..., Course], staff: User) -> None:
    course = start("spravato")
    session = session_record(actor=staff, course=course, data=spravato_input())
    data = ObservationInput.model_validate(
        {"transport_arranged": None, "sedation": None, "spo2_lowest": None}
    )
    observed = session_record_observations(actor=staff, session=session, data=data)
    assert (observed.transport_arranged, observed.sedation, observed.spo2_lowest) == (False, "", None)
