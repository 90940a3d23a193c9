"""Treatment courses in the browser, the moves the first journeys left out (issue 15): treatment
staff defer a Spravato dose for a blood pressure above 140/90 (no unit is used); a clinician moves a
TMS course to taper and then stops it, with the reason and the confirmation asked for; and a switch
starts the patient's new reassessment from the course page.

Each page is shot at 1366 and 390 px (test-artifacts/browser/course-*.png) and must not scroll
sideways at 390; axe-core checks every page loaded (conftest)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from courses.models import Course, CourseDecision, DeferredDose
from courses.services import rems_enrolment_record
from elevium.accounts.roles import Role
from reassessment.models import Reassessment
from tests.factories import PatientFactory, UserFactory, clinic_today

from .records import sign_in
from .test_course_journeys import _approved_course, _phq9, _shots, _sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_defer_a_spravato_dose_above_140_90_and_no_unit_is_used(page: Page, live_server: Any) -> None:
    patient = PatientFactory(family_name="Haddad", given_name="Samir", date_of_birth=dt.date(1976, 9, 8))
    course = _approved_course("spravato", patient, units=24, spravato_indication="trd")
    rems_enrolment_record(
        actor=course.owner, patient=patient, enrolled_on=clinic_today() - dt.timedelta(days=3)
    )
    _phq9(course, 20, 0)
    UserFactory(username="nell", role=Role.TREATMENT_STAFF, first_name="Nell", last_name="Adeyemi")

    sign_in(page, live_server.url, "nell")
    page.goto(f"{live_server.url}/courses/{course.pk}/sessions/new/")
    form = page.get_by_test_id("session-form")
    form.get_by_label("Blood pressure before dosing, systolic").fill("162")
    form.get_by_label("Blood pressure before dosing, diastolic").fill("101")
    form.get_by_label("Defer dosing").check()
    form.get_by_label("Clinician who weighed the risk").select_option(label="Dana Okafor")
    form.get_by_role("button", name="Record the session").click()
    # A deferral needs its reason; what was typed stays.
    expect(page.get_by_test_id("session-form")).to_contain_text("Say in the notes why dosing was deferred.")
    expect(form.get_by_label("Blood pressure before dosing, systolic")).to_have_value("162")
    expect(form.get_by_label("Defer dosing")).to_be_checked()
    _shots(page, "deferral-reason-asked")
    form.get_by_label("Notes").fill(
        "162/101 on two readings; dosing again after the GP reviews her pressure."
    )
    form.get_by_role("button", name="Record the session").click()
    expect(page.locator(".messages")).to_contain_text(
        "Dose deferred: nothing was given and no unit was used."
    )

    page.goto(f"{live_server.url}/courses/{course.pk}/")
    deferral = page.get_by_test_id("deferral")
    expect(deferral).to_have_count(1)
    expect(deferral).to_contain_text("162/101")
    expect(page.get_by_test_id("units-left")).to_have_text("24")
    expect(page.get_by_test_id("sessions-done")).to_have_text("0 of 24 authorised")
    _shots(page, "deferral-recorded")
    stored = DeferredDose.objects.get(course=course)
    assert (stored.bp_pre_systolic, stored.bp_pre_diastolic, stored.decided_by.username) == (162, 101, "dana")
    assert course.sessions.count() == 0


def test_a_clinician_moves_a_course_to_taper_then_stops_it_with_a_reason(
    page: Page, live_server: Any
) -> None:
    patient = PatientFactory(family_name="Novak", given_name="Ivana", date_of_birth=dt.date(1988, 3, 30))
    course = _approved_course("tms", patient)
    _phq9(course, 19, 0)
    Course.objects.filter(pk=course.pk).update(status="active")

    sign_in(page, live_server.url, "dana")
    page.goto(f"{live_server.url}/courses/{course.pk}/")
    actions = page.get_by_test_id("status-actions")
    actions.get_by_role("button", name="Move to taper").click()
    expect(page.locator(".messages")).to_contain_text("Course moved to taper.")
    expect(page.get_by_test_id("course-status")).to_have_text("Taper")

    page.locator("details.stop-course summary").click()
    stop = page.get_by_test_id("stop-form")
    stop.get_by_role("button", name="Stop the course").click()
    # Nothing stops without the confirmation; the page says what is missing, the course stays open.
    expect(page.get_by_test_id("stop-form")).to_contain_text("Say why the course is stopped.")
    expect(page.get_by_test_id("stop-form")).to_contain_text("Tick the box to confirm the course stops.")
    expect(page.get_by_test_id("course-status")).to_have_text("Taper")
    _shots(page, "stop-asked")
    stop = page.get_by_test_id("stop-form")
    stop.get_by_label("Why the course stops").fill("Moving abroad next week; referred to a clinic there.")
    stop.get_by_label("Yes, stop this course: no more sessions are given on it.").check()
    stop.get_by_role("button", name="Stop the course").click()
    expect(page.locator(".messages")).to_contain_text("Course stopped.")
    expect(page.get_by_test_id("course-status")).to_have_text("Stopped")
    expect(page.get_by_test_id("status-actions")).to_have_count(0)
    ended = "The course has ended: nothing more is proposed."
    expect(page.get_by_test_id("course-ended")).to_have_text(ended)
    expect(page.get_by_role("link", name="Record session")).to_have_count(0)
    _shots(page, "stopped")
    course.refresh_from_db()
    assert (course.status, course.status_reason) == (
        "stopped",
        "Moving abroad next week; referred to a clinic there.",
    )


def test_a_switch_starts_the_new_reassessment_from_the_course_page(page: Page, live_server: Any) -> None:
    patient = PatientFactory(family_name="Brandt", given_name="Ole", date_of_birth=dt.date(1969, 12, 1))
    course = _approved_course("tms", patient)
    _phq9(course, 22, 28)
    _phq9(course, 21, 0)
    Course.objects.filter(pk=course.pk).update(status="active")

    sign_in(page, live_server.url, "dana")
    page.goto(f"{live_server.url}/courses/{course.pk}/")
    decision = page.get_by_test_id("decision-form")
    decision.get_by_label("Switch to another treatment").check()
    decision.get_by_label("Reason or note").fill(
        "No meaningful change after four weeks; he asks about Spravato."
    )
    decision.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".messages")).to_contain_text("Next step recorded.")
    switched = page.get_by_test_id("switch-reassessment")
    expect(switched).to_contain_text("Switched to another option on")
    _shots(page, "switched")
    switched.get_by_role("button", name="Start a new reassessment").click()
    expect(page.locator(".messages")).to_contain_text("Reassessment started for the switch.")
    started = CourseDecision.objects.get(course=course).reassessment
    assert started is not None and started.patient_id == patient.pk
    assert Reassessment.objects.filter(patient=patient).count() == 2  # the evaluated one, and this
    assert page.url.endswith(f"/reassessments/{started.pk}/")
    _sign_out(page)
