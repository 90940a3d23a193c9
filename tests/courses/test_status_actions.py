"""A course's status moved from its page by the clinician: only the moves its status allows are
offered; a stop needs its reason and a confirmation (400 without); a move the status refuses is a
409 with a sentence; each move is audited by the service."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from courses.models import Course, CourseStatus
from courses.services import course_transition, session_record
from elevium.accounts.models import User
from elevium.audit.models import AuditEvent
from tests.visible_text import assert_readable, visible_text

from .conftest import tms_input
from .pages import client_of

pytestmark = pytest.mark.django_db


def _offered(html: str) -> set[str]:
    return {status for status in CourseStatus.values if f'data-action="{status}"' in html}


def _paused(start: Callable[..., Course], staff: User) -> Course:
    course = start("tms")
    session_record(actor=staff, course=course, data=tms_input(adverse_event="seizure"))
    course.refresh_from_db()
    assert course.status == CourseStatus.PAUSED
    return course


def test_only_the_moves_the_status_allows_are_offered_and_only_to_clinicians(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("tms")
    session_record(actor=staff, course=course, data=tms_input())
    active = client_of(clinician).get(f"/courses/{course.pk}/").content.decode()
    assert _offered(active) == {"taper", "continuation", "completed", "stopped"}
    assert (
        'data-testid="status-actions"' not in client_of(staff).get(f"/courses/{course.pk}/").content.decode()
    )
    paused = _paused(start, staff)
    html = client_of(clinician).get(f"/courses/{paused.pk}/").content.decode()
    assert _offered(html) == {"active", "taper", "continuation", "stopped"}
    assert "Resume the course after review" in html
    assert_readable(html)


def test_a_clinician_resumes_a_paused_course_and_the_move_is_audited(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = _paused(start, staff)
    body = {"to": "active", "revision": str(course.revision)}
    response = client_of(clinician).post(f"/courses/{course.pk}/status/", body)
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.status == CourseStatus.ACTIVE
    assert AuditEvent.objects.filter(action="course.status_changed", patient_id=course.patient_id).exists()


@pytest.mark.parametrize(
    ("body", "sentence"),
    [
        ({"reason": "The patient moved away."}, "Tick the box to confirm the course stops."),
        ({"confirm": "on"}, "Say why the course is stopped."),
        # Neither: both are named at once, so the form is put right in one go.
        ({}, "Say why the course is stopped."),
        ({}, "Tick the box to confirm the course stops."),
    ],
)
def test_a_stop_needs_its_reason_and_its_confirmation(
    start: Callable[..., Course], clinician: User, body: dict[str, str], sentence: str
) -> None:
    course = start("tms")
    response = client_of(clinician).post(f"/courses/{course.pk}/status/", {"to": "stopped", **body})
    assert response.status_code == 400
    html = response.content.decode()
    assert sentence in " ".join(visible_text(html)) and "<details" in html and " open>" in html
    assert_readable(html)
    course.refresh_from_db()
    assert course.status == CourseStatus.PLANNED


def test_a_stop_keeps_its_reason(start: Callable[..., Course], clinician: User) -> None:
    course = start("tms")
    body = {"to": "stopped", "reason": "The patient moved away.", "confirm": "on"}
    assert client_of(clinician).post(f"/courses/{course.pk}/status/", body).status_code == 302
    course.refresh_from_db()
    assert (course.status, course.status_reason) == (CourseStatus.STOPPED, "The patient moved away.")
    # An ended course proposes nothing, and says so rather than "continue as planned".
    page = " ".join(visible_text(client_of(clinician).get(f"/courses/{course.pk}/").content.decode()))
    assert "The course has ended: nothing more is proposed." in page
    assert "continue as planned" not in page


@pytest.mark.parametrize(
    ("to", "sentence"),
    [
        ("taper", "The course was not changed. A course that is completed cannot become taper."),
        ("completed", "The course was not changed. This course is already completed."),
    ],
)
def test_a_move_the_status_refuses_is_a_409_in_a_sentence(
    start: Callable[..., Course], staff: User, clinician: User, to: str, sentence: str
) -> None:
    course = start("tms")
    session_record(actor=staff, course=course, data=tms_input())
    course_transition(actor=clinician, course=course, to=CourseStatus.COMPLETED)
    response = client_of(clinician).post(f"/courses/{course.pk}/status/", {"to": to})
    assert response.status_code == 409
    html = response.content.decode()
    assert sentence in " ".join(visible_text(html))
    assert_readable(html)


def test_a_stale_revision_is_a_409(start: Callable[..., Course], clinician: User) -> None:
    course = start("tms")
    body = {"to": "stopped", "reason": "Moved.", "confirm": "on", "revision": str(course.revision + 5)}
    response = client_of(clinician).post(f"/courses/{course.pk}/status/", body)
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
