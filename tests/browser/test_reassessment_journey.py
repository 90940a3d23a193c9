"""A clinician completes a full intake section by section, reviews the computed summary and signs;
a high-risk safety answer puts up a banner that stays until an action is recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from reassessment.models import Reassessment
from tests.factories import PASSWORD, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in_and_open_patient(page: Page, live_server: Any) -> Any:
    UserFactory(username="dr-okafor", role=Role.CLINICIAN, first_name="Dana", last_name="Okafor")
    patient = PatientFactory(family_name="Lindqvist", given_name="Maja", date_of_birth=dt.date(1983, 8, 21))
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("dr-okafor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/patients/{patient.id}/")
    page.get_by_role("button", name="Start a reassessment").click()
    expect(page.get_by_role("heading", name="Diagnosis")).to_be_visible()
    return patient


def _field(page: Page, name: str) -> Any:
    return page.locator(f'[name="{name}"]')


def _save_and_continue(page: Page, next_heading: str) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name=next_heading, exact=True)).to_be_visible()


def test_a_clinician_completes_an_intake_reviews_the_staging_and_signs(page: Page, live_server: Any) -> None:
    patient = _sign_in_and_open_patient(page, live_server)
    today = timezone.localdate()
    ago = lambda weeks: (today - dt.timedelta(weeks=weeks)).isoformat()  # noqa: E731

    _field(page, "icd10_code").select_option("F33.2")
    _field(page, "episode_start").fill(ago(60))
    _field(page, "severity").select_option("severe")
    _field(page, "psychotic_features").select_option("no")
    _field(page, "bipolar_screen").select_option("negative")
    _save_and_continue(page, "Co-occurring conditions")

    _field(page, "bipolar_spectrum").select_option("no")
    _save_and_continue(page, "Medication trials")

    # A mistake first: a dose no one takes. The form says which field, and keeps the rest.
    for row, (drug, dose, weeks, outcome) in enumerate(
        [("sertraline", "1500", "8", "no_response"), ("venlafaxine", "225", "10", "partial_response")]
    ):
        _field(page, f"rows-{row}-drug").select_option(drug)
        _field(page, f"rows-{row}-daily_dose_mg").fill(dose)
        _field(page, f"rows-{row}-duration_weeks").fill(weeks)
        _field(page, f"rows-{row}-outcome").select_option(outcome)
        _field(page, f"rows-{row}-current_episode").select_option("yes")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_test_id("row-0")).to_contain_text("not plausible for Sertraline")
    _field(page, "rows-0-daily_dose_mg").fill("150")
    _save_and_continue(page, "Psychotherapy trials")
    _save_and_continue(page, "ECT, TMS, esketamine, ketamine before")
    _field(page, "ect").select_option("no")
    _save_and_continue(page, "Prior TMS, Spravato, ketamine or ECT courses")
    page.get_by_label("None of these: no TMS, Spravato, ketamine or ECT course before").check()
    _save_and_continue(page, "PHQ-9")

    _field(page, "rows-0-administered_on").fill(today.isoformat())
    for item, score in enumerate([3, 3, 2, 2, 2, 2, 2, 1, 0], start=1):
        page.locator(f'[name="rows-0-items_{item}"][value="{score}"]').check()
    _save_and_continue(page, "MADRS and HAM-D")
    _save_and_continue(page, "Safety screening (C-SSRS)")

    _field(page, "cssrs__administered_on").fill(today.isoformat())
    for question in ("wish_to_be_dead", "suicidal_thoughts", "behavior_ever"):
        _field(page, f"cssrs__{question}").select_option("no")
    page.get_by_role("button", name="Save and view summary").click()

    expect(page.get_by_test_id("phq9-total")).to_have_text("17")
    expect(page.get_by_test_id("cssrs-level")).to_have_text("none")
    # 60 weeks = 13 months (2) + severe without psychosis (4) + 2 failed (1) + no augmentation, no ECT = 7
    expect(page.get_by_test_id("msm-score")).to_have_text("7")
    expect(page.get_by_test_id("msm-band")).to_have_text("moderate")
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_test_id("status")).to_have_text("Complete")
    page.get_by_role("button", name="Sign reassessment").click()
    expect(page.get_by_test_id("status")).to_have_text("Signed")
    page.screenshot(path="test-artifacts/browser/reassessment-signed-summary.png", full_page=True)

    reassessment = Reassessment.objects.get(patient=patient)
    assert reassessment.status == "signed"
    assert reassessment.computed["resistance"]["n_failed"] == 2
    assert AuditEvent.objects.filter(action="reassessment.signed", patient_id=patient.id).exists()


def test_a_high_risk_answer_shows_a_banner_that_stays_until_an_action_is_recorded(
    page: Page, live_server: Any
) -> None:
    _sign_in_and_open_patient(page, live_server)
    reassessment = Reassessment.objects.get()
    page.goto(f"{live_server.url}/reassessments/{reassessment.id}/sections/safety/")
    _field(page, "cssrs__administered_on").fill(timezone.localdate().isoformat())
    _field(page, "cssrs__wish_to_be_dead").select_option("yes")
    _field(page, "cssrs__suicidal_thoughts").select_option("yes")
    _field(page, "cssrs__thoughts_of_method").select_option("yes")
    _field(page, "cssrs__intent").select_option("yes")
    page.get_by_role("button", name="Save and continue").click()

    banner = page.get_by_test_id("safety-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("suicide risk needs action now")
    page.goto(f"{live_server.url}/reassessments/{reassessment.id}/")
    expect(page.get_by_test_id("safety-banner")).to_be_visible()  # still there on every page
    page.screenshot(path="test-artifacts/browser/reassessment-safety-banner.png", full_page=True)

    page.get_by_label("Action taken").select_option("crisis_evaluation")
    page.get_by_label("What was done").fill(
        "Same-day evaluation arranged; patient escorted to crisis clinic."
    )
    page.get_by_role("button", name="Record safety action").click()
    expect(page.get_by_test_id("safety-banner")).to_have_count(0)
    expect(page.get_by_test_id("safety-noted")).to_contain_text("Same-day crisis evaluation")
