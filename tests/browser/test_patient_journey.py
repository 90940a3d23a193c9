"""A clinician registers a patient, fixes a mistake the form points out, finds the patient again."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from patients.models import Patient
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clinician_registers_and_finds_a_patient(page: Page, live_server: Any) -> None:
    UserFactory(username="dr-okafor", role=Role.CLINICIAN, first_name="Dana", last_name="Okafor")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("dr-okafor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Register a patient").first.click()
    page.get_by_label("MRN").fill("BR-2001")
    page.get_by_label("Family name").fill("Lindqvist")
    page.get_by_label("Given name").fill("Maja")
    page.get_by_label("Date of birth").fill("2999-01-01")
    page.get_by_label("Sex at birth").select_option("female")
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".field-error")).to_contain_text("cannot be in the future")
    assert not Patient.objects.exists()

    page.get_by_label("Date of birth").fill("1983-08-21")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_test_id("patient-name")).to_have_text("Lindqvist, Maja")
    patient = Patient.objects.get(mrn="BR-2001")
    assert str(patient.id) in page.url and "Lindqvist" not in page.url

    page.get_by_role("link", name="Patients").click()
    page.get_by_label("Search by MRN or name").fill("lindq")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("patient-table")).to_contain_text("Lindqvist, Maja")
    assert "lindq" not in page.url.lower()
    actions = set(AuditEvent.objects.filter(patient_id=patient.id).values_list("action", flat=True))
    assert actions == {"patient.created", "patient.viewed", "patient.listed"}
