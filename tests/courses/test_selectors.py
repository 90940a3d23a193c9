"""What the pages read: a course's progress, the coordinator's courses near their limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from courses.inputs import MeasurementInput
from courses.models import Course
from courses.selectors import course_get_for_user, course_progress, courses_near_limits
from courses.services import measurement_record, session_record
from elevium.accounts.models import User
from tests.factories import ClinicFactory, UserFactory

from .conftest import TODAY, VALID_UNTIL, tms_input

pytestmark = pytest.mark.django_db


def test_progress_shows_units_days_outcome_chart_and_proposals(
    start: Callable[..., Course], staff: User, clinician: User
) -> None:
    course = start("tms", phq9=20)
    session_record(actor=staff, course=course, data=tms_input())
    measurement_record(
        actor=staff, course=course, data=MeasurementInput(scale="phq9", total=9, measured_on=TODAY)
    )
    course = course_get_for_user(user=clinician, course_id=course.id)
    progress = course_progress(course, today=TODAY)
    assert (progress["sessions_done"], progress["authorised"], progress["units_left"]) == (1, 36, 35)
    assert progress["days_to_approval_end"] == (VALID_UNTIL - TODAY).days
    assert progress["response"] and not progress["remission"]
    assert progress["chart"]["response_line"] == 10 and progress["chart"]["remission_below"] == 5
    assert [p.kind for p in progress["proposals"]] == ["taper"]
    assert progress["cssrs_needed"] is False
    outsider = UserFactory(username="elsewhere", clinics=[ClinicFactory()])
    with pytest.raises(Exception, match="No such course"):
        course_get_for_user(user=outsider, course_id=course.id)


def test_courses_near_their_unit_or_date_limits(start: Callable[..., Course], coordinator: User) -> None:
    start("tms", case_fields={"approved_units": 4})
    start("tms", case_fields={"valid_until": TODAY + dt.timedelta(days=10)})
    start("tms")  # 36 units, months to go
    start("ketamine")  # self-pay: no approval to watch
    rows = courses_near_limits(user=coordinator, today=TODAY)
    assert sorted((r["units_left"], r["days_to_end"]) for r in rows) == sorted(
        [(4, (VALID_UNTIL - TODAY).days), (36, 10)]
    )
