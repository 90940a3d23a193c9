"""Treatment courses in the browser (issue 15): a Spravato session recorded by treatment staff
with a pre-dose blood pressure of 150/95 (the decision is asked for), its 40-minute and discharge
pressures, and a clinician clearing discharge after 2 hours; a TMS course reaching response on
its chart; a coordinator watching the units left on the approval fall as sessions are recorded.

Each page is shot at 1366 and 390 px (test-artifacts/browser/course-*.png) and must not scroll
sideways at 390; axe-core checks every page loaded (conftest)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from benefits import seed
from benefits.models import Coverage, PaCase, Plan
from benefits.transitions import PaStatus
from courses.inputs import MeasurementInput
from courses.models import Course, Session
from courses.services import course_start, measurement_record, rems_enrolment_record, slot_book
from elevium.accounts.roles import Role
from eligibility.services import evaluation_create
from patients.models import Patient
from reassessment.services import reassessment_create
from tests.factories import PatientFactory, UserFactory, clinic_today

from .conftest import ARTIFACTS
from .records import sign_in
from .test_layout import _WIDEST, _overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shots(page: Page, name: str) -> None:
    """The page at 1366 and 390 px, and no sideways scroll on the phone."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"course-{name}-{width}.png"), full_page=True)
        if width == 390:
            assert _overflow(page) <= 0, f"{name} is wider than a phone: {page.evaluate(_WIDEST)}"
    page.set_viewport_size({"width": 1366, "height": 900})


def _approved_course(treatment: str, patient: Patient, units: int = 36, **fields: Any) -> Course:
    clinician = UserFactory(username="dana", role=Role.CLINICIAN, first_name="Dana", last_name="Okafor")
    evaluation = evaluation_create(
        actor=clinician, reassessment=reassessment_create(actor=clinician, patient=patient)
    )
    coverage = Coverage.objects.create(
        patient=patient,
        plan=Plan.objects.get(payer__name=seed.MA_EAST),
        member_id="MA-1",
        valid_from=dt.date(2025, 1, 1),
    )
    today = clinic_today()
    approval = {
        "status": PaStatus.APPROVED,
        "authorization_number": "AUTH-4410",
        "approved_units": units,
        "valid_from": today - dt.timedelta(days=10),
        "valid_until": today + dt.timedelta(days=90),
    }
    case = PaCase.objects.create(
        patient=patient, evaluation=evaluation, coverage=coverage, treatment=treatment, **approval
    )
    return course_start(
        actor=clinician, patient=patient, treatment=treatment, starts_on=today, pa_case=case, **fields
    )


def _phq9(course: Course, total: int, days_ago: int) -> None:
    measurement_record(
        actor=course.owner,
        course=course,
        data=MeasurementInput(
            scale="phq9", total=total, measured_on=clinic_today() - dt.timedelta(days=days_ago)
        ),
    )


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_staff_record_a_spravato_session_and_a_clinician_clears_discharge_after_two_hours(
    page: Page, live_server: Any
) -> None:
    patient = PatientFactory(family_name="Lindqvist", given_name="Mara", date_of_birth=dt.date(1979, 2, 14))
    course = _approved_course("spravato", patient, units=24, spravato_indication="trd")
    rems_enrolment_record(
        actor=course.owner, patient=patient, enrolled_on=clinic_today() - dt.timedelta(days=2)
    )
    _phq9(course, 21, 0)
    slot_book(actor=course.owner, course=course, starts_at=timezone.now(), room="Chair 2")
    UserFactory(username="nell", role=Role.TREATMENT_STAFF, first_name="Nell", last_name="Adeyemi")

    sign_in(page, live_server.url, "nell")
    page.get_by_role("link", name="Open today's schedule").click()
    room = page.get_by_test_id("room")
    expect(room).to_contain_text("Chair 2")
    expect(room).to_contain_text("REMS enrolment present.")
    expect(room).to_contain_text("Due at the chair: a blood pressure taken before dosing.")
    _shots(page, "schedule")
    room.get_by_role("link", name="Record the session").click()

    form = page.get_by_test_id("session-form")
    form.get_by_label("Blood pressure before dosing, systolic").fill("150")
    form.get_by_label("Blood pressure before dosing, diastolic").fill("95")
    form.get_by_label("Dose").select_option("56")
    form.get_by_role("button", name="Record the session").click()
    # Above 140/90: not recorded until the decision is given, and the form keeps what was typed.
    expect(page.get_by_role("alert").first).to_contain_text(
        "This session cannot be recorded yet. Still needed: "
        "a clinician's decision to proceed with a blood pressure above 140/90."
    )
    expect(form.get_by_label("Blood pressure before dosing, systolic")).to_have_value("150")
    _shots(page, "spravato-decision-asked")
    form.get_by_label("Proceed after weighing the risk").check()
    form.get_by_label("Clinician who weighed the risk").select_option(label="Dana Okafor")
    form.get_by_role("button", name="Record the session").click()
    expect(page.locator(".messages")).to_contain_text("Session 1 recorded.")
    expect(page.get_by_test_id("bp-pre")).to_contain_text(
        "150/95: proceed after weighing the risk, decided by Dana Okafor"
    )

    observe = page.get_by_test_id("observation-form")
    observe.get_by_label("Blood pressure at about 40 minutes, systolic").fill("146")
    observe.get_by_label("Blood pressure at about 40 minutes, diastolic").fill("92")
    observe.get_by_label("Blood pressure before discharge, systolic").fill("134")
    observe.get_by_label("Blood pressure before discharge, diastolic").fill("84")
    observe.get_by_label("Sedation").select_option("mild")
    observe.get_by_label("Dissociation").select_option("moderate")
    observe.get_by_label("Lowest oxygen saturation (%)").fill("96")
    observe.get_by_label("A ride home is arranged").check()
    observe.get_by_role("button", name="Record the observations").click()
    expect(page.locator(".messages")).to_contain_text("Observations recorded.")
    expect(page.get_by_test_id("bp-40")).to_have_text("146/92")
    expect(page.get_by_test_id("bp-discharge")).to_have_text("134/84")
    expect(page.get_by_test_id("pmf-status")).to_contain_text("Due by")
    _shots(page, "spravato-observed")
    session_url = page.url
    _sign_out(page)

    # The observation began 2 hours 5 minutes ago (the clock moved in the fixture, not waited for).
    Session.objects.filter(course=course).update(given_at=timezone.now() - dt.timedelta(minutes=125))
    sign_in(page, live_server.url, "dana")
    page.goto(session_url)
    expect(page.get_by_test_id("discharge-status")).to_contain_text("Observed for 125 minutes")
    page.get_by_role("button", name="Clear discharge").click()
    expect(page.locator(".messages")).to_contain_text("Discharge cleared.")
    expect(page.get_by_test_id("discharge-status")).to_contain_text("Discharge cleared at")
    _shots(page, "spravato-discharged")
    session = Session.objects.get(course=course)
    assert session.discharge_cleared_by is not None and session.discharge_cleared_by.username == "dana"
    assert (session.bp_pre_systolic, session.bp_40_systolic, session.bp_discharge_systolic) == (150, 146, 134)


def test_a_tms_course_reaches_response_on_its_chart(page: Page, live_server: Any) -> None:
    patient = PatientFactory(family_name="Okonjo", given_name="Tobi", date_of_birth=dt.date(1985, 7, 1))
    course = _approved_course("tms", patient)
    _phq9(course, 22, 28)
    _phq9(course, 17, 14)
    # Twelve sessions given, before the review point (a course with none proposes nothing).
    Course.objects.filter(pk=course.pk).update(status="active", sessions_done=12)

    sign_in(page, live_server.url, "dana")
    page.goto(f"{live_server.url}/courses/{course.pk}/")
    expect(page.get_by_test_id("flags")).to_contain_text("No response yet.")
    phq9 = page.get_by_test_id("phq9-form")
    phq9.get_by_label("PHQ-9 total").fill("9")
    phq9.get_by_role("button", name="Record the PHQ-9").click()
    expect(page.locator(".messages")).to_contain_text("PHQ-9 recorded.")
    expect(page.locator('[data-flag="response"]')).to_have_text(
        "Response: the score has dropped by at least half."
    )
    chart = page.get_by_test_id("course-chart")
    expect(chart.locator("circle")).to_have_count(3)
    expect(chart).to_contain_text("Response at 11 or lower")
    expect(page.get_by_test_id("chart-table")).to_contain_text("9")
    # The rules propose a next step from the response; the clinician decides (the form below them).
    expect(page.get_by_test_id("next-step").locator('[data-proposal="taper"]')).to_have_count(1)
    _shots(page, "tms-response")


def test_a_coordinator_sees_the_units_left_fall_as_sessions_are_recorded(
    page: Page, live_server: Any
) -> None:
    patient = PatientFactory(family_name="Achterberg", given_name="Wim", date_of_birth=dt.date(1971, 11, 3))
    course = _approved_course("tms", patient, units=7)
    _phq9(course, 19, 0)
    UserFactory(username="luis", role=Role.CARE_COORDINATOR, first_name="Luis", last_name="Marquez")
    UserFactory(username="nell", role=Role.TREATMENT_STAFF, first_name="Nell", last_name="Adeyemi")

    sign_in(page, live_server.url, "luis")
    expect(page.get_by_test_id("courses-near-limits")).to_contain_text("No open course is within 5 sessions")
    page.goto(f"{live_server.url}/courses/{course.pk}/")
    expect(page.get_by_test_id("units-left")).to_have_text("7")
    _sign_out(page)

    sign_in(page, live_server.url, "nell")
    for number in (1, 2):
        page.goto(f"{live_server.url}/courses/{course.pk}/sessions/new/")
        form = page.get_by_test_id("session-form")
        if number == 1:
            form.get_by_label("Motor threshold (% of output)").fill("52")
        form.get_by_label("Intensity (% of motor threshold)").fill("120")
        form.get_by_label("Pulses").fill("3000")
        form.get_by_label("Protocol").select_option("10hz")
        form.get_by_role("button", name="Record the session").click()
        expect(page.locator(".messages")).to_contain_text(f"Session {number} recorded.")
    _shots(page, "tms-session")
    _sign_out(page)

    sign_in(page, live_server.url, "luis")
    near = page.get_by_test_id("courses-near-limits")
    expect(near).to_contain_text("Achterberg, Wim")
    expect(near.get_by_test_id("near-units-left")).to_have_text("5")
    _shots(page, "coordinator-home")
    near.get_by_role("link", name="Achterberg, Wim").click()
    expect(page.get_by_test_id("units-left")).to_have_text("5")
    expect(page.get_by_test_id("sessions-done")).to_have_text("2 of 7 authorised")
    _shots(page, "coordinator-course")


def test_a_coordinator_starts_a_course_from_the_approved_case_and_a_reviewer_reads_the_outcomes(
    page: Page, live_server: Any
) -> None:
    patient = PatientFactory(family_name="Ferreira", given_name="Lia", date_of_birth=dt.date(1990, 5, 20))
    responded = _approved_course("tms", patient)
    _phq9(responded, 20, 30)
    _phq9(responded, 4, 0)
    case = responded.pa_case
    assert case is not None
    Course.objects.filter(pk=responded.pk).update(status="completed", ended_at=timezone.now())
    UserFactory(username="luis", role=Role.CARE_COORDINATOR, first_name="Luis", last_name="Marquez")
    UserFactory(username="rui", role=Role.REVIEWER, first_name="Rui", last_name="Costa")

    sign_in(page, live_server.url, "luis")
    page.goto(f"{live_server.url}/benefits/cases/{case.pk}/")
    page.get_by_role("link", name="Start a treatment course").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Start a")
    page.get_by_label("Planned sessions").fill("30")
    _shots(page, "start")
    page.get_by_role("button", name="Start the course").click()
    expect(page.locator(".messages")).to_contain_text("Course started.")
    expect(page.get_by_test_id("sessions-done")).to_have_text("0 of 36 authorised")
    expect(page.get_by_test_id("course-status")).to_have_text("Planned")
    _sign_out(page)

    sign_in(page, live_server.url, "rui")
    page.get_by_role("link", name="Outcomes by treatment").click()
    row = page.locator('tr[data-treatment="tms"]')
    expect(row).to_contain_text("100.0 % (1 of 1)")
    expect(page.get_by_test_id("outcomes")).not_to_contain_text("Ferreira")
    _shots(page, "outcomes")
