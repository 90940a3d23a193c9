"""Booking a course's sessions from its page (in the clinic's time zone), cancelling a booking,
the refusals as sentences with the form kept, and the relapse form of a responded course."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from courses.inputs import MeasurementInput
from courses.models import Course, CourseStatus, SessionSlot, SlotStatus
from courses.services import course_transition, measurement_record, session_record, slot_book
from elevium.accounts.models import User
from elevium.audit.models import AuditEvent
from tests.visible_text import assert_readable, visible_text

from .conftest import TODAY, tms_input
from .pages import ZONE, book_today, client_of, queries_for, today_local

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return " ".join(visible_text(html))


def _book(user: User, course: Course, day: dt.date, time: str = "14:30", room: str = "Chair 4") -> object:
    return client_of(user).post(
        f"/courses/{course.pk}/bookings/", {"day": day.isoformat(), "time": time, "room": room}
    )


def test_a_session_booked_in_clinic_time_shows_on_the_schedule_at_that_hour(
    start: Callable[..., Course], coordinator: User, staff: User
) -> None:
    course = start("tms")
    tomorrow = today_local() + dt.timedelta(days=1)
    response = _book(coordinator, course, tomorrow)
    assert response.status_code == 302  # type: ignore[attr-defined]
    slot = SessionSlot.objects.get(course=course)
    # 14:30 in New York, whatever the server's zone.
    assert slot.starts_at == dt.datetime.combine(tomorrow, dt.time(14, 30), tzinfo=ZONE)
    assert slot.room == "Chair 4" and slot.booked_by == coordinator
    assert AuditEvent.objects.filter(action="course.slot_booked", patient_id=course.patient_id).exists()
    html = client_of(staff).get(f"/courses/schedule/?day={tomorrow.isoformat()}").content.decode()
    assert "14:30" in html and "Chair 4" in html and course.patient.display_name in html
    page = client_of(staff).get(f"/courses/{course.pk}/").content.decode()
    assert "14:30, Chair 4" in _text(page)
    assert_readable(page)


def test_a_booking_is_cancelled_after_confirming_and_leaves_the_schedule(
    start: Callable[..., Course], clinician: User, staff: User
) -> None:
    course = start("tms")
    slot = book_today(clinician, course, 23, "Room 1")
    page = client_of(staff).get(f"/courses/{course.pk}/").content.decode()
    assert "Yes, cancel the booking" in page
    response = client_of(staff).post(f"/courses/bookings/{slot.pk}/cancel/")
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.status == SlotStatus.CANCELLED
    assert AuditEvent.objects.filter(action="course.slot_cancelled", actor=staff).exists()
    assert (
        "No session is booked from now on." in client_of(staff).get(f"/courses/{course.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        ({"day": "", "time": "10:00"}, "Session not booked. Day: Enter the day of the session."),
        ({"day": "2026-13-40", "time": "10:00"}, "Enter a date."),
        ({"day": "tomorrow", "time": "25:99"}, "Enter a time such as 09:30."),
        (
            {"day": "2020-01-06", "time": "10:00"},
            "Session not booked. A session is booked for a time still to come.",
        ),
    ],
)
def test_a_refused_booking_says_why_keeps_the_input_and_writes_nothing(
    start: Callable[..., Course], clinician: User, fields: dict[str, str], sentence: str
) -> None:
    course = start("tms")
    response = client_of(clinician).post(f"/courses/{course.pk}/bookings/", {**fields, "room": "Chair 9"})
    assert response.status_code == 400
    html = response.content.decode()
    assert sentence in _text(html)
    assert 'value="Chair 9"' in html
    assert_readable(html)
    assert not SessionSlot.objects.filter(course=course).exists()


def test_an_ended_course_refuses_a_booking_in_words(start: Callable[..., Course], clinician: User) -> None:
    course = start("tms")
    course_transition(actor=clinician, course=course, to=CourseStatus.STOPPED, reason="Patient moved.")
    response = _book(clinician, course, today_local() + dt.timedelta(days=1))
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Session not booked. Sessions are booked for open courses only." in _text(
        response.content.decode()  # type: ignore[attr-defined]
    )


def test_a_reviewer_cannot_book(start: Callable[..., Course], clinician: User) -> None:
    from tests.factories import UserFactory

    reviewer = UserFactory(username="course-reviewer", role="reviewer")
    assert _book(reviewer, start("tms"), today_local() + dt.timedelta(days=1)).status_code == 403  # type: ignore[attr-defined]


def _responded_and_completed(start: Callable[..., Course], clinician: User, staff: User) -> Course:
    course = start("tms", phq9=20)
    session_record(actor=staff, course=course, data=tms_input())
    measurement_record(
        actor=staff, course=course, data=MeasurementInput(scale="phq9", total=8, measured_on=TODAY)
    )
    course.refresh_from_db()
    course_transition(actor=clinician, course=course, to=CourseStatus.COMPLETED)
    course.refresh_from_db()
    return course


def test_a_relapse_after_a_responded_course_is_recorded_and_shown_in_words(
    start: Callable[..., Course], clinician: User, staff: User
) -> None:
    course = _responded_and_completed(start, clinician, staff)
    page = client_of(clinician).get(f"/courses/{course.pk}/").content.decode()
    assert 'data-testid="relapse-form"' in page
    relapse_on = TODAY + dt.timedelta(days=70)
    response = client_of(clinician).post(
        f"/courses/{course.pk}/relapses/", {"relapse_on": relapse_on.isoformat(), "note": "PHQ-9 back to 18."}
    )
    assert response.status_code == 302
    text = _text(client_of(clinician).get(f"/courses/{course.pk}/").content.decode())
    assert f"Relapsed on {relapse_on.isoformat()}, after a best improvement of 60.0 %" in text
    assert "It meets Medicare's retreatment condition" in text and "It meets Aetna's" in text
    assert AuditEvent.objects.filter(action="course.relapse_recorded", patient_id=course.patient_id).exists()
    assert 'data-testid="relapse-form"' not in client_of(staff).get(f"/courses/{course.pk}/").content.decode()


def test_a_relapse_before_the_response_is_refused_with_the_date_kept(
    start: Callable[..., Course], clinician: User, staff: User
) -> None:
    course = _responded_and_completed(start, clinician, staff)
    response = client_of(clinician).post(
        f"/courses/{course.pk}/relapses/", {"relapse_on": "2026-01-02", "note": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Relapse not recorded. A relapse comes after the response was reached." in _text(html)
    assert 'value="2026-01-02"' in html
    assert not course.relapses.exists()


def test_the_relapse_form_is_not_offered_to_an_open_course(
    start: Callable[..., Course], clinician: User
) -> None:
    course = start("tms")
    assert (
        'data-testid="relapse-form"'
        not in client_of(clinician).get(f"/courses/{course.pk}/").content.decode()
    )


def test_the_course_page_makes_as_many_queries_for_one_booking_as_for_many(
    start: Callable[..., Course], clinician: User
) -> None:
    course = start("tms")
    book_today(clinician, course, 23, "Room 1")
    client = client_of(clinician)
    _, one = queries_for(client, f"/courses/{course.pk}/")
    for days in range(1, 5):
        when = dt.datetime.combine(today_local() + dt.timedelta(days=days), dt.time(9), tzinfo=ZONE)
        slot_book(actor=clinician, course=course, starts_at=when, room=f"Room {days + 1}")
    _, many = queries_for(client, f"/courses/{course.pk}/")
    assert one == many


def test_the_empty_schedule_points_to_the_patients_courses(staff: User) -> None:
    html = client_of(staff).get("/courses/schedule/?day=2030-01-01").content.decode()
    assert "find the patient" in html and 'href="/patients/"' in html


def test_a_recorded_session_s_booking_is_not_cancelled_and_the_page_says_why(
    start: Callable[..., Course], clinician: User
) -> None:
    course = start("tms")
    slot = book_today(clinician, course, 23, "Room 1")
    SessionSlot.objects.filter(pk=slot.pk).update(status=SlotStatus.DONE)
    response = client_of(clinician).post(f"/courses/bookings/{slot.pk}/cancel/")
    assert response.status_code == 400
    assert "Booking not cancelled. This slot's session was recorded; it cannot be cancelled." in _text(
        response.content.decode()
    )
    assert not AuditEvent.objects.filter(action="course.slot_cancelled").exists()
