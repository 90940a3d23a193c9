"""A coordinator opens the worklist, works a prior authorization from draft to submitted, and
records the payer's approval."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from benefits import seed
from benefits.models import Coverage, Plan
from benefits.services import pa_case_create_from_evaluation
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from eligibility.services import evaluation_create
from reassessment.demo import full_document
from reassessment.services import reassessment_create
from tests.factories import PASSWORD, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_works_a_case_from_draft_to_submitted_and_records_the_approval(
    page: Page, live_server: Any
) -> None:
    clinician = UserFactory(username="dr-okafor", role=Role.CLINICIAN, first_name="Dana", last_name="Okafor")
    coordinator = UserFactory(
        username="luis", role=Role.CARE_COORDINATOR, first_name="Luis", last_name="Marquez"
    )
    patient = PatientFactory(family_name="Fontaine", given_name="Iris", date_of_birth=dt.date(1966, 4, 8))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    evaluation = evaluation_create(
        actor=clinician, reassessment=reassessment_create(actor=clinician, patient=patient, document=document)
    )
    coverage = Coverage.objects.create(
        patient=patient,
        plan=Plan.objects.get(payer__name=seed.MA_EAST),
        member_id="MA-55501",
        valid_from=dt.date(2025, 1, 1),
    )
    case = pa_case_create_from_evaluation(
        actor=coordinator, evaluation=evaluation, treatment="tms", coverage=coverage
    )

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("luis")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Open the worklist").click()
    expect(page.get_by_test_id("worklist")).to_contain_text("Fontaine, Iris")
    page.get_by_role("link", name="Fontaine, Iris").click()

    # Close every open checklist item with its evidence; the case may then go to "ready to submit".
    for row in page.get_by_test_id("checklist").locator("tr[data-code]").all():
        if row.get_by_role("button", name="Mark done").count():
            code = row.get_attribute("data-code")
            row.get_by_role("textbox").fill(f"On file, {code}, scanned 2026-11-27")
            row.get_by_role("button", name="Mark done").click()
            expect(page.locator(".messages")).to_contain_text("Checklist updated")
    actions = page.get_by_test_id("actions")
    if actions.get_by_role("button", name="Documents needed").count():
        actions.get_by_role("button", name="Documents needed").click()
        actions = page.get_by_test_id("actions")
    page.get_by_test_id("actions").get_by_role("button", name="Ready to submit").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Ready to submit")
    page.get_by_test_id("actions").get_by_role("button", name="Submitted").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Submitted")
    expect(page.get_by_test_id("decision-due")).not_to_have_text("—")
    page.get_by_test_id("actions").get_by_role("button", name="Pending payer").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Pending payer")

    form = page.get_by_test_id("approval-form")
    form.get_by_label("Authorization number").fill("AUTH-7781")
    form.get_by_label("Approved units (sessions)").fill("36")
    form.get_by_label("Valid from").fill(timezone.localdate().isoformat())
    form.get_by_label("Valid until").fill((timezone.localdate() + dt.timedelta(days=60)).isoformat())
    form.get_by_role("button", name="Record approval").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Approved")
    expect(page.get_by_test_id("authorization")).to_contain_text("AUTH-7781: 36 units")
    page.screenshot(path="test-artifacts/browser/coordinator-approved-case.png", full_page=True)

    case.refresh_from_db()
    assert (case.status, case.authorization_number, case.approved_units) == ("approved", "AUTH-7781", 36)
    assert case.submitted_at is not None and case.decision_due_at is not None
    actions_logged = set(AuditEvent.objects.filter(patient_id=patient.id).values_list("action", flat=True))
    assert {"pa_case.viewed", "pa_case.listed"} <= actions_logged
