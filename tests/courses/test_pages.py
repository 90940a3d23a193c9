"""The course pages: the day's schedule with its pre-session checks, a course with its chart,
flags and next step, outcomes across patients; each with its roles, its audit and a query count
that does not grow with the rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from courses.inputs import MeasurementInput
from courses.models import Course, CourseDecision
from courses.services import course_start, measurement_record, session_record
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from tests.factories import PatientFactory, UserFactory
from tests.visible_text import assert_readable, visible_text

from .conftest import TODAY, tms_input
from .pages import book_today, client_of, queries_for

pytestmark = pytest.mark.django_db


def _phq9(actor: User, course: Course, total: int, on: dt.date) -> None:
    measurement_record(
        actor=actor, course=course, data=MeasurementInput(scale="phq9", total=total, measured_on=on)
    )


def test_the_schedule_shows_each_session_by_room_with_its_checks_before_it_starts(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("spravato")
    book_today(clinician, course, 9, "Chair 2")
    response = client_of(staff).get("/courses/schedule/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chair 2" in html and course.patient.display_name in html
    assert "REMS enrolment present." in html
    assert "Due at the chair: a blood pressure taken before dosing." in html
    # The baseline was in March: a PHQ-9 is due this week before dosing.
    assert "Still needed: a PHQ-9 this week." in html
    assert_readable(html)
    assert AuditEvent.objects.filter(action="course.schedule_listed", patient_id=course.patient_id).exists()


def test_the_schedule_makes_as_many_queries_for_one_session_as_for_many(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    first = start("tms")
    book_today(clinician, first, 9, "Room 1")
    client = client_of(staff)
    _, one = queries_for(client, "/courses/schedule/")
    for hour, room in ((10, "Room 2"), (11, "Chair 1"), (12, "Chair 3")):
        other = course_start(
            actor=clinician,
            patient=PatientFactory(),
            treatment="spravato" if hour % 2 else "tms",
            starts_on=TODAY,
            self_pay=True,
            spravato_indication="trd" if hour % 2 else "",
        )
        _phq9(clinician, other, 18, TODAY)
        book_today(clinician, other, hour, room)
    _, many = queries_for(client, "/courses/schedule/")
    assert one == many


def test_the_course_page_draws_the_chart_with_baseline_response_and_remission_lines(
    start: Callable[..., Course], clinician: User, staff: User
) -> None:
    course = start("tms", phq9=20)
    _phq9(clinician, course, 8, TODAY + dt.timedelta(days=14))
    response = client_of(clinician).get(f"/courses/{course.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for kind in ("baseline", "response", "remission"):
        assert f'data-line="{kind}"' in html
    assert "Baseline 20" in html and "Response at 10 or lower" in html and "Remission below 5" in html
    assert 'data-flag="response"' in html and "60.0 % better" in html
    assert 'data-testid="chart-table"' in html and 'data-testid="course-chart-narrow"' in html
    assert_readable(html)
    assert AuditEvent.objects.filter(action="course.viewed", object_id=str(course.pk)).exists()


def test_the_course_page_makes_as_many_queries_for_one_session_as_for_many(
    start: Callable[..., Course], clinician: User, staff: User
) -> None:
    course = start("tms", phq9=22)
    session_record(actor=staff, course=course, data=tms_input())
    client = client_of(clinician)
    _, one = queries_for(client, f"/courses/{course.pk}/")
    for day in range(1, 5):
        on = TODAY + dt.timedelta(days=day)
        _phq9(clinician, course, 22 - day, on)
        session_record(actor=staff, course=course, data=tms_input(on, motor_threshold_percent=None))
    _, many = queries_for(client, f"/courses/{course.pk}/")
    assert one == many


def test_a_clinician_decides_the_next_step_and_the_decision_is_kept_with_the_proposals(
    start: Callable[..., Course], clinician: User
) -> None:
    course = start("tms", phq9=20)
    _phq9(clinician, course, 6, TODAY + dt.timedelta(days=20))
    course.refresh_from_db()
    response = client_of(clinician).post(
        f"/courses/{course.pk}/decide/",
        {"kind": "extend", "extra_sessions": "6", "revision": course.revision},
    )
    assert response.status_code == 302
    decision = CourseDecision.objects.get(course=course)
    assert (decision.kind, decision.extra_sessions, decision.decided_by) == ("extend", 6, clinician)
    assert AuditEvent.objects.filter(action="course.next_step_decided", patient_id=course.patient_id).exists()


def test_a_decision_without_its_reason_keeps_the_form_and_answers_400(
    start: Callable[..., Course], clinician: User
) -> None:
    course = start("tms")
    response = client_of(clinician).post(
        f"/courses/{course.pk}/decide/", {"kind": "extend", "revision": course.revision}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Next step not recorded. Say how many sessions the course is extended by." in html
    assert_readable(html)
    assert not CourseDecision.objects.exists()


@pytest.mark.parametrize(
    ("role", "method", "path", "expected"),
    [
        (Role.TREATMENT_STAFF, "post", "/courses/{course}/decide/", 403),
        (Role.CARE_COORDINATOR, "post", "/courses/{course}/decide/", 403),
        (Role.REVIEWER, "post", "/courses/{course}/decide/", 403),
        (Role.CARE_COORDINATOR, "get", "/courses/{course}/sessions/new/", 403),
        (Role.REVIEWER, "get", "/courses/{course}/sessions/new/", 403),
        (Role.CARE_COORDINATOR, "get", "/courses/schedule/", 403),
        (Role.REVIEWER, "get", "/courses/schedule/", 403),
        (Role.ADMIN, "get", "/courses/{course}/", 403),
        (Role.TREATMENT_STAFF, "get", "/courses/outcomes/", 403),
        (Role.CARE_COORDINATOR, "get", "/courses/outcomes/", 403),
        (Role.TREATMENT_STAFF, "get", "/courses/start/patient/{patient}/", 403),
        (Role.REVIEWER, "get", "/courses/start/patient/{patient}/", 403),
        (Role.TREATMENT_STAFF, "get", "/courses/{course}/", 200),
        (Role.REVIEWER, "get", "/courses/{course}/", 200),
        (Role.CARE_COORDINATOR, "get", "/courses/{course}/", 200),
    ],
)
def test_each_page_admits_only_its_roles(
    start: Callable[..., Course],
    client_for: Callable[[Role], Any],
    role: Role,
    method: str,
    path: str,
    expected: int,
) -> None:
    course = start("tms")
    url = path.format(course=course.pk, patient=course.patient_id)
    response = getattr(client_for(role), method)(url)
    assert response.status_code == expected


def test_another_clinics_course_is_not_found(start: Callable[..., Course]) -> None:
    from tests.factories import ClinicFactory

    course = start("tms")
    outsider = UserFactory(username="elsewhere", role=Role.CLINICIAN, clinics=[ClinicFactory()])
    assert client_of(outsider).get(f"/courses/{course.pk}/").status_code == 404


def test_outcomes_give_each_rate_with_the_count_it_is_based_on(
    start: Callable[..., Course], clinician: User
) -> None:
    responded = start("tms", phq9=20)
    _phq9(clinician, responded, 4, TODAY + dt.timedelta(days=30))
    reviewer = UserFactory(username="rates-reviewer", role=Role.REVIEWER)
    response = client_of(reviewer).get("/courses/outcomes/")
    html = response.content.decode()
    assert "100.0 % (1 of 1)" in html
    assert responded.patient.display_name not in html
    assert_readable(html)


def test_the_patient_page_shows_the_open_course_with_its_progress(
    start: Callable[..., Course], clinician: User, staff: User
) -> None:
    course = start("tms", phq9=21)
    session_record(actor=staff, course=course, data=tms_input())
    html = client_of(clinician).get(f"/patients/{course.patient_id}/").content.decode()
    words = " ".join(visible_text(html))
    assert "1 of 36 sessions authorised" in words
    assert "Last PHQ-9 on 2026-03-09" in words
    assert "the approval ends in" in words
    assert_readable(html)


def test_the_coordinator_home_lists_a_course_near_its_unit_limit(
    start: Callable[..., Course], coordinator: User, staff: User
) -> None:
    course = start("tms", case_fields={"approved_units": 4})
    session_record(actor=staff, course=course, data=tms_input())
    html = client_of(coordinator).get("/home/coordinator/").content.decode()
    assert course.patient.display_name in html
    assert 'data-testid="near-units-left">3<' in html
    assert AuditEvent.objects.filter(action="course.listed", patient_id=course.patient_id).exists()


def test_the_treatment_staff_home_links_to_the_schedule(staff: User) -> None:
    html = client_of(staff).get("/home/treatment/").content.decode()
    assert 'href="/courses/schedule/"' in html
    assert 'href="/patients/"' not in html


def test_a_course_starts_from_an_approved_case(approved_case: Callable[..., Any], coordinator: User) -> None:
    case = approved_case("tms")
    client = client_of(coordinator)
    assert "Start a treatment course" in client.get(f"/benefits/cases/{case.pk}/").content.decode()
    response = client.post(
        f"/courses/start/case/{case.pk}/", {"starts_on": "2026-03-10", "planned_sessions": "36"}
    )
    assert response.status_code == 302
    course = Course.objects.get(pa_case=case)
    assert response["Location"] == f"/courses/{course.pk}/"
    again = client.post(f"/courses/start/case/{case.pk}/", {"starts_on": "2026-03-10"})
    assert again.status_code == 400
    assert "A course is already open on this prior authorization." in again.content.decode()


def test_the_course_page_asks_for_a_c_ssrs_after_a_positive_item_9(
    start: Callable[..., Course], clinician: User
) -> None:
    course = start("tms", phq9=20)
    measurement_record(
        actor=clinician,
        course=course,
        data=MeasurementInput(scale="phq9", total=14, item9=1, measured_on=TODAY + dt.timedelta(days=7)),
    )
    html = client_of(clinician).get(f"/courses/{course.pk}/").content.decode()
    assert 'data-flag="cssrs"' in html and "complete a C-SSRS" in html
    assert_readable(html)
