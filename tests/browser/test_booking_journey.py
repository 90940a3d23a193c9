"""Booking a session from the course page in the browser (issue 15): a coordinator books a TMS
session for tomorrow at 14:30 in the clinic's zone, treatment staff find it on tomorrow's
schedule at 14:30, then cancel it after confirming. The course page is shot at 1366 and 390 px
(test-artifacts/browser/course-booking-*.png) and must not scroll sideways at 390."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from elevium.accounts.roles import Role
from tests.factories import PatientFactory, UserFactory

from .records import sign_in
from .test_course_journeys import _approved_course, _phq9, _shots, _sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_books_a_session_staff_see_it_on_the_schedule_and_cancel_it(
    page: Page, live_server: Any
) -> None:
    patient = PatientFactory(family_name="Lindqvist", given_name="Maja", date_of_birth=dt.date(1984, 2, 9))
    course = _approved_course("tms", patient)
    _phq9(course, 21, 0)
    UserFactory(username="luis", role=Role.CARE_COORDINATOR, first_name="Luis", last_name="Marquez")
    UserFactory(username="nell", role=Role.TREATMENT_STAFF, first_name="Nell", last_name="Adeyemi")
    zone = ZoneInfo(patient.clinic.time_zone)
    tomorrow = timezone.now().astimezone(zone).date() + dt.timedelta(days=1)

    sign_in(page, live_server.url, "luis")
    page.goto(f"{live_server.url}/courses/{course.pk}/")
    form = page.get_by_test_id("booking-form")
    form.get_by_label("Day").fill(tomorrow.isoformat())
    form.get_by_label("Time").fill("14:30")
    form.get_by_label("Room or chair").fill("Chair 3")
    form.get_by_role("button", name="Book the session").click()
    expect(page.locator(".messages")).to_contain_text("Session booked.")
    expect(page.get_by_test_id("booking")).to_contain_text("14:30, Chair 3")
    _shots(page, "booking")
    _sign_out(page)

    sign_in(page, live_server.url, "nell")
    page.goto(f"{live_server.url}/courses/schedule/?day={tomorrow.isoformat()}")
    slot = page.get_by_test_id("slot")
    expect(slot).to_contain_text("14:30")
    expect(slot).to_contain_text("Lindqvist")
    page.goto(f"{live_server.url}/courses/{course.pk}/")
    page.get_by_text("Cancel this booking").click()
    page.get_by_role("button", name="Yes, cancel the booking").click()
    expect(page.locator(".messages")).to_contain_text("Booking cancelled.")
    expect(page.get_by_test_id("bookings")).to_contain_text("No session is booked from now on.")
