"""Recording sessions on the pages: refused while a check the protocol requires is missing (the
form kept, one sentence naming the checks, a 400), the Spravato blood pressure decision, the
observations after dosing, the clinician's discharge after the REMS time, the monitoring form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from courses.models import Course, MonitoringForm, Session
from elevium.accounts.models import User
from elevium.audit.models import AuditEvent
from tests.visible_text import assert_readable, visible_text

from .conftest import TODAY
from .pages import client_of

pytestmark = pytest.mark.django_db

TMS = {
    "given_at": "2026-03-10T10:00",
    "motor_threshold_percent": "55",
    "intensity_percent_mt": "120",
    "pulses": "3000",
    "tms_protocol": "10hz",
    "coil": "Figure-8",
    "target": "Left DLPFC",
}
SPRAVATO = {
    "given_at": "2026-03-10T09:00",
    "dose_mg": "56",
    "bp_pre_systolic": "150",
    "bp_pre_diastolic": "95",
}


def test_treatment_staff_record_a_tms_session_and_the_approval_units_follow(
    start: Callable[..., Course], staff: User
) -> None:
    course = start("tms")
    client = client_of(staff)
    page = client.get(f"/courses/{course.pk}/sessions/new/").content.decode()
    assert f"Record {course.treatment.name} session 1" in page and "Motor threshold" in page
    response = client.post(f"/courses/{course.pk}/sessions/new/", TMS)
    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get(course=course)
    assert response["Location"] == f"/courses/sessions/{session.pk}/"
    assert (session.given_by, session.billing_codes) == (staff, ["90867"])
    assert course.pa_case is not None
    course.pa_case.refresh_from_db()
    assert course.pa_case.used_units == 1
    assert AuditEvent.objects.filter(action="course.session_recorded", patient_id=course.patient_id).exists()


def test_a_session_without_this_weeks_phq9_is_refused_in_a_sentence_and_the_form_keeps_its_input(
    start: Callable[..., Course], staff: User
) -> None:
    course = start("tms")
    later = {**TMS, "given_at": "2026-03-20T10:00"}
    response = client_of(staff).post(f"/courses/{course.pk}/sessions/new/", later)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This session cannot be recorded yet. Still needed: a PHQ-9 this week." in html
    assert 'value="3000"' in html and 'value="2026-03-20T10:00"' in html
    assert_readable(html)
    assert not Session.objects.exists()


def test_a_field_problem_is_said_under_its_field_with_a_400(
    start: Callable[..., Course], staff: User
) -> None:
    course = start("tms")
    response = client_of(staff).post(f"/courses/{course.pk}/sessions/new/", {**TMS, "pulses": "lots"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a whole number from 1 to 20000." in html
    assert_readable(html)


def test_a_spravato_dose_above_140_over_90_asks_for_the_decision(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("spravato")
    client = client_of(staff)
    refused = client.post(f"/courses/{course.pk}/sessions/new/", SPRAVATO)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Still needed: a clinician&#x27;s decision to proceed with a blood pressure above 140/90." in html
    assert 'value="150"' in html
    decided = {**SPRAVATO, "bp_decision": "proceed", "bp_decided_by": str(clinician.pk)}
    response = client.post(f"/courses/{course.pk}/sessions/new/", decided)
    assert response.status_code == 302
    session = Session.objects.get(course=course)
    assert (session.bp_decision, session.bp_decision_by) == ("proceed", clinician)
    assert MonitoringForm.objects.filter(session=session).exists()


def _spravato_session(start: Callable[..., Course], staff: User, clinician: User) -> Session:
    course = start("spravato")
    data = {**SPRAVATO, "bp_decision": "proceed", "bp_decided_by": str(clinician.pk)}
    assert client_of(staff).post(f"/courses/{course.pk}/sessions/new/", data).status_code == 302
    return Session.objects.get(course=course)


def test_discharge_waits_for_the_observations_and_two_hours_then_the_form_is_filed(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    session = _spravato_session(start, staff, clinician)
    url = f"/courses/sessions/{session.pk}/"
    nurse, doctor = client_of(staff), client_of(clinician)
    Session.objects.filter(pk=session.pk).update(given_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30))
    refused = doctor.post(f"{url}discharge/", follow=True).content.decode()
    assert (
        "Discharge not cleared. Discharge cannot be cleared yet. Still needed: 120 minutes of observation"
        in refused
    )
    observed = {
        **{"bp_40_systolic": "146", "bp_40_diastolic": "92"},
        **{"bp_discharge_systolic": "132", "bp_discharge_diastolic": "84"},
        **{"sedation": "mild", "dissociation": "moderate", "spo2_lowest": "96", "transport_arranged": "on"},
    }
    assert nurse.post(f"{url}observations/", observed).status_code == 302
    Session.objects.filter(pk=session.pk).update(given_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=125))
    page = doctor.post(f"{url}discharge/", follow=True).content.decode()
    assert "Discharge cleared." in page
    session.refresh_from_db()
    assert session.discharge_cleared_by == clinician and session.bp_40_systolic == 146
    assert nurse.post(f"{url}discharge/").status_code == 403
    form = MonitoringForm.objects.get(session=session)
    filed = nurse.post(
        f"/courses/monitoring-forms/{form.pk}/file/", {"confirmation": "PMF-2231"}, follow=True
    )
    assert "Monitoring form marked filed." in filed.content.decode()
    form.refresh_from_db()
    assert form.filed_at is not None and form.confirmation == "PMF-2231"
    assert_readable(filed.content.decode())


def test_the_session_page_says_when_the_monitoring_form_is_due(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    session = _spravato_session(start, staff, clinician)
    html = " ".join(visible_text(client_of(staff).get(f"/courses/sessions/{session.pk}/").content.decode()))
    form = MonitoringForm.objects.get(session=session)
    assert f"Due by {form.last_day:%A} {form.last_day.day} {form.last_day:%B %Y}" in html
    assert "150/95: proceed after weighing the risk" in html
    assert AuditEvent.objects.filter(action="course.session_viewed", object_id=str(session.pk)).exists()


def test_a_phq9_is_recorded_on_the_course_page(start: Callable[..., Course], staff: User) -> None:
    course = start("tms", phq9=None)
    response = client_of(staff).post(
        f"/courses/{course.pk}/measurements/", {"total": "19", "measured_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    refused = client_of(staff).post(
        f"/courses/{course.pk}/measurements/", {"total": "40", "measured_on": TODAY.isoformat()}
    )
    assert refused.status_code == 400
    assert "PHQ-9 not recorded. PHQ-9 total: Enter a whole number from 0 to 27." in refused.content.decode()


def test_a_rems_enrolment_is_recorded_before_the_first_dose(
    start: Callable[..., Course], staff: User, patient: Any
) -> None:
    course = start("spravato", enrol=False)
    client = client_of(staff)
    assert (
        "Not enrolled: the first dose needs the patient"
        in client.get(f"/courses/{course.pk}/").content.decode()
    )
    response = client.post(
        f"/courses/{course.pk}/rems-enrolment/",
        {"enrolled_on": TODAY.isoformat(), "reference": "REMS-88"},
        follow=True,
    )
    assert "REMS enrolment recorded." in response.content.decode()
    assert "number REMS-88" in response.content.decode()
