"""Switching to another option stops the course with its reason and feeds a new evaluation: the
course page offers the clinician a new reassessment for the patient, kept on the switch decision."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from courses.models import Course, CourseDecision, CourseStatus
from elevium.accounts.models import User
from elevium.audit.models import AuditEvent
from reassessment.models import Reassessment
from tests.visible_text import assert_readable, visible_text

from .pages import client_of

pytestmark = pytest.mark.django_db


def _switch(course: Course, clinician: User, note: str = "No response by session 20.") -> int:
    body = {"kind": "switch", "note": note, "revision": str(course.revision)}
    return client_of(clinician).post(f"/courses/{course.pk}/decide/", body).status_code


def test_a_switch_without_its_reason_is_a_400_and_the_course_stays_open(
    start: Callable[..., Course], clinician: User
) -> None:
    course = start("tms")
    assert _switch(course, clinician, note="") == 400
    course.refresh_from_db()
    assert course.status == CourseStatus.PLANNED


def test_a_switch_stops_the_course_and_the_page_starts_a_new_reassessment_kept_on_the_course(
    start: Callable[..., Course], clinician: User, staff: User
) -> None:
    course = start("tms")
    assert _switch(course, clinician) == 302
    course.refresh_from_db()
    assert (course.status, course.status_reason) == (
        CourseStatus.STOPPED,
        "Switched to another option: No response by session 20.",
    )
    client = client_of(clinician)
    page = client.get(f"/courses/{course.pk}/").content.decode()
    assert 'data-action="reassess"' in page and "start a reassessment for this patient" in page
    assert_readable(page)
    assert 'data-action="reassess"' not in client_of(staff).get(f"/courses/{course.pk}/").content.decode()
    before = Reassessment.objects.filter(patient=course.patient).count()
    response = client.post(f"/courses/{course.pk}/reassess/")
    assert response.status_code == 302
    reassessment = CourseDecision.objects.get(course=course, kind="switch").reassessment
    assert reassessment is not None and reassessment.patient_id == course.patient_id
    assert str(reassessment.pk) in response["Location"]
    assert AuditEvent.objects.filter(action="course.switch_reassessment_started").exists()
    again = client.post(f"/courses/{course.pk}/reassess/")
    assert again.status_code == 302
    assert Reassessment.objects.filter(patient=course.patient).count() == before + 1
    page = client.get(f"/courses/{course.pk}/").content.decode()
    assert "open the reassessment" in page and 'data-action="reassess"' not in page


def test_a_reassessment_from_a_course_not_switched_is_a_409(
    start: Callable[..., Course], clinician: User
) -> None:
    course = start("tms")
    response = client_of(clinician).post(f"/courses/{course.pk}/reassess/")
    before = Reassessment.objects.count()
    assert response.status_code == 409
    html = response.content.decode()
    assert "This course was not switched to another option" in " ".join(visible_text(html))
    assert_readable(html)
    assert Reassessment.objects.count() == before
