"""A reviewer opens a patient's recommendation and reads Spravato's criteria; a clinician then
overrides one conclusion with a reason, which is recorded beside the engine's unchanged output."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from elevium.accounts.roles import Role
from eligibility.models import Decision, Evaluation
from eligibility.services import evaluation_create
from reassessment import services as reassessment_services
from reassessment.demo import full_document
from tests.factories import PASSWORD, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_reviewer_reads_spravato_criteria_and_a_clinician_overrides_with_a_reason(
    page: Page, live_server: Any
) -> None:
    clinician = UserFactory(username="dr-okafor", role=Role.CLINICIAN, first_name="Dana", last_name="Okafor")
    UserFactory(username="rev-raman", role=Role.REVIEWER, first_name="Priya", last_name="Raman")
    patient = PatientFactory(family_name="Castellano", given_name="Rosa", date_of_birth=dt.date(1988, 3, 9))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    reassessment = reassessment_services.reassessment_create(
        actor=clinician, patient=patient, document=document
    )
    evaluation = evaluation_create(actor=clinician, reassessment=reassessment)
    engine_status = evaluation.statuses["spravato"]

    _sign_in(page, live_server.url, "rev-raman")
    page.goto(f"{live_server.url}/patients/{patient.id}/")
    page.get_by_role("link", name=timezone.localdate().isoformat()).click()
    page.get_by_role("link", name="Treatment candidacy").click()
    card = page.get_by_test_id("card-spravato")
    expect(card).to_be_visible()
    card.get_by_text("Criteria met").click()
    criteria = page.get_by_test_id("criteria-spravato")
    # Met criteria, folded; sources in words (criteria.md anchors stay on the rules page).
    expect(criteria).to_contain_text("Spravato prescribing information")
    expect(criteria).not_to_contain_text("criteria.md")
    expect(card.get_by_role("button", name="Record decision")).to_have_count(0)
    page.screenshot(path="test-artifacts/browser/review-spravato-criteria.png", full_page=True)
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, live_server.url, "dr-okafor")
    page.goto(f"{live_server.url}/eligibility/evaluations/{evaluation.id}/")
    card = page.get_by_test_id("card-spravato")
    override_to = "not_eligible" if engine_status != "not_eligible" else "eligible_with_cautions"
    card.get_by_label("Decision for SPRAVATO").select_option("override")
    card.get_by_label("Clinician's conclusion (override)").select_option(override_to)
    card.get_by_role("button", name="Record decision").click()
    expect(page.locator(".messages")).to_contain_text("Decision not recorded. An override needs a reason")
    card = page.get_by_test_id("card-spravato")
    card.get_by_label("Decision for SPRAVATO").select_option("override")
    card.get_by_label("Clinician's conclusion (override)").select_option(override_to)
    card.get_by_label("Reason (required to override)").fill(
        "No reliable transport for twice-weekly clinic dosing."
    )
    card.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("decision-spravato")).to_contain_text("Overridden")
    expect(page.get_by_test_id("decision-spravato")).to_contain_text("No reliable transport")
    expect(page.get_by_test_id("status-spravato")).to_have_text(engine_status.replace("_", " "))
    page.screenshot(path="test-artifacts/browser/review-override.png", full_page=True)

    decision = Decision.objects.get()
    assert (decision.kind, decision.clinician_status, decision.engine_status) == (
        "override",
        override_to,
        engine_status,
    )
    assert Evaluation.objects.get(id=evaluation.id).statuses["spravato"] == engine_status
