"""The courses API: who may do what, answers in sentences, and list endpoints whose query count
does not grow with the rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benefits.models import PaCase
from courses.models import Course
from courses.services import slot_book
from elevium.accounts.models import User
from elevium.audit.models import AuditEvent
from patients.models import Patient
from tests.factories import clinic_time, clinic_today
from tests.visible_text import assert_readable

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_clinician_starts_a_course_from_an_approved_case(
    clinician: User, staff: User, patient: Patient, approved_case: Callable[..., PaCase]
) -> None:
    case = approved_case("tms")
    body = {"treatment": "tms", "starts_on": "2026-03-10", "pa_case": str(case.id)}
    url = f"/api/courses/patients/{patient.id}/"
    assert _client(staff).post(url, body, content_type="application/json").status_code == 403
    response = _client(clinician).post(url, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["course"]["planned_sessions"] == 36 and data["progress"]["authorised"] == 36
    again = _client(clinician).post(url, body, content_type="application/json")
    assert again.status_code == 409
    assert_readable(f"<p>{again.json()['detail']}</p>")


def test_treatment_staff_record_a_session_and_a_missing_check_is_a_sentence(
    start: Callable[..., Course], staff: User
) -> None:
    course = start("spravato", phq9=None)
    url = f"/api/courses/{course.id}/sessions/"
    given = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    response = _client(staff).post(
        url,
        {"given_at": given, "dose_mg": 56, "bp_pre_systolic": 150, "bp_pre_diastolic": 95},
        content_type="application/json",
    )
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "a PHQ-9 at baseline" in detail and "above 140/90" in detail
    assert_readable(f"<p>{detail}</p>")

    invalid = _client(staff).post(url, {"given_at": given, "dose_mg": 42}, content_type="application/json")
    assert invalid.status_code == 400 and "dose_mg" in invalid.json()

    measured = _client(staff).post(
        f"/api/courses/{course.id}/measurements/",
        {"scale": "phq9", "total": 21, "measured_on": str(clinic_today())},
        content_type="application/json",
    )
    assert measured.status_code == 201 and measured.json()["baseline"] is True
    recorded = _client(staff).post(
        url,
        {"given_at": given, "dose_mg": 56, "bp_pre_systolic": 128, "bp_pre_diastolic": 80},
        content_type="application/json",
    )
    assert recorded.status_code == 201, recorded.json()
    assert recorded.json()["given_by"] == staff.username and recorded.json()["monitoring_form"]
    assert AuditEvent.objects.filter(action="course.session_recorded", actor=staff).exists()


def test_only_a_clinician_clears_discharge(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("spravato", phq9=None)
    _phq9_today(staff, course)
    given = (timezone.now() - dt.timedelta(minutes=30)).isoformat()
    session = _client(staff).post(
        f"/api/courses/{course.id}/sessions/",
        {"given_at": given, "dose_mg": 56, "bp_pre_systolic": 128, "bp_pre_diastolic": 80},
        content_type="application/json",
    )
    assert session.status_code == 201, session.json()
    url = f"/api/courses/sessions/{session.json()['id']}/discharge/"
    assert _client(staff).post(url).status_code == 403
    early = _client(clinician).post(url)
    assert early.status_code == 409 and "120 minutes of observation" in early.json()["detail"]


def _phq9_today(staff: User, course: Course) -> None:
    from courses.inputs import MeasurementInput
    from courses.services import measurement_record

    measurement_record(
        actor=staff,
        course=course,
        data=MeasurementInput(scale="phq9", total=18, measured_on=clinic_today()),
    )


def _courses(start: Callable[..., Course], n: int) -> list[Course]:
    return [start("ketamine", phq9=12) for _ in range(n)]


def _count(client: Client, url: str) -> tuple[int, Any]:
    client.get(url)  # the first request of a session also loads the session and the user
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()


@pytest.mark.parametrize(
    "path", ["/api/courses/", "/api/courses/patients/{patient}/", "/api/courses/schedule/"]
)
def test_list_endpoints_make_the_same_queries_for_one_row_or_many(
    start: Callable[..., Course], staff: User, clinician: User, patient: Patient, path: str
) -> None:
    url = path.format(patient=patient.id)
    client = _client(staff)
    first = _courses(start, 1)
    noon = clinic_time(11)
    slot_book(actor=clinician, course=first[0], starts_at=noon, room="Chair 1")
    one, body = _count(client, url)
    assert len(body) == 1
    for course in _courses(start, 4):
        slot_book(actor=clinician, course=course, starts_at=noon, room="Chair 2")
    many, body = _count(client, url)
    assert len(body) == 5
    assert one == many, f"{one} queries for one row, {many} for five"


def test_the_schedule_shows_each_sessions_checks(
    start: Callable[..., Course], clinician: User, staff: User
) -> None:
    course = start("spravato", enrol=False)
    noon = clinic_time(11)
    slot_book(actor=clinician, course=course, starts_at=noon, room="Room A")
    (row,) = _client(staff).get("/api/courses/schedule/").json()
    # The fixture's PHQ-9 is months old by today: due again, as the missing enrolment.
    assert [c["id"] for c in row["missing"]] == ["courses.check.phq9", "courses.check.rems_enrolment"]
    assert "courses.check.pre_dose_bp" in [c["id"] for c in row["at_chair"]]
    assert row["slot"]["room"] == "Room A" and row["next_session"] == 1


def test_outcome_rates_name_their_base(start: Callable[..., Course], staff: User, clinician: User) -> None:
    from courses.inputs import MeasurementInput
    from courses.services import measurement_record

    course = start("tms", phq9=20)
    measurement_record(
        actor=staff, course=course, data=MeasurementInput(scale="phq9", total=4, measured_on=TODAY)
    )
    start("ketamine", phq9=15)
    rows = {r["treatment"]: r for r in _client(clinician).get("/api/courses/outcomes/").json()}
    assert rows["tms"] | {} == {
        "treatment": "tms", "courses": 1, "measured": 1, "response": 1, "remission": 1,
        "response_rate": 100.0, "remission_rate": 100.0,
    }  # fmt: skip
    assert rows["ketamine"]["measured"] == 0 and rows["ketamine"]["response_rate"] is None
    assert _client(staff).get("/api/courses/outcomes/").status_code == 403
