"""A new insured patient from registration to an approved prior authorization with a finalized
letter, in Chromium, by the four roles, without the Django admin (issue 12):

- the coordinator registers the patient with their coverage;
- the clinician completes and signs the reassessment, evaluates it and accepts TMS;
- the coordinator starts the PA case from their queue and works its checklist;
- the clinician edits, saves and finalizes the letter of medical necessity;
- the coordinator attaches the finalized letter, submits and records the approval;
- the reviewer reads the evaluation; the administrator sees no patient data.

Every step is photographed at 1366 px and 390 px (test-artifacts/browser/four-role-*.png), and
at 390 px the page must not scroll sideways.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from benefits import seed
from benefits.models import Letter, PaCase, Plan
from clinics.models import Clinic, Prescriber
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from patients.models import Patient
from reassessment.demo import full_document
from reassessment.services import reassessment_create
from tests.factories import UserFactory, default_clinic

from .conftest import ARTIFACTS
from .records import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, PHONE = 1366, 390


def _shots(page: Page, step: str) -> None:
    """The page at both widths; at the phone's width nothing may scroll sideways."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (WIDE, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"four-role-{step}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{step}: the page scrolls {overflow} px sideways at {PHONE} px"
    page.set_viewport_size({"width": WIDE, "height": 900})


def _message(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


# Closed by attaching the finalized letter, not by hand.
LETTER_ITEM = "letter_of_medical_necessity"


def work_checklist(page: Page) -> None:
    """Close every open checklist item with its evidence (one text box and "Mark done" per row),
    but the letter's: attaching the finalized letter closes that one."""
    for row in page.get_by_test_id("checklist").locator("tr[data-code]").all():
        if row.get_attribute("data-code") == LETTER_ITEM:
            continue
        if row.get_by_role("button", name="Mark done").count():
            row.get_by_role("textbox").fill(f"On file: {row.get_attribute('data-code')}, scanned today")
            row.get_by_role("button", name="Mark done").click()
            _message(page, "Checklist updated")


def _staff() -> None:
    clinic = default_clinic()
    Clinic.objects.filter(pk=clinic.pk).update(
        name="Harbor Psychiatry",
        address="12 Quay Street\nPortland, ME 04101",
        phone="207-555-0100",
        fax="207-555-0101",
    )
    dana = UserFactory(username="dana", role=Role.CLINICIAN, first_name="Dana", last_name="Okafor")
    Prescriber.objects.create(user=dana, credentials="MD", npi="1234567893")
    UserFactory(username="luis", role=Role.CARE_COORDINATOR, first_name="Luis", last_name="Marquez")
    UserFactory(username="rui", role=Role.REVIEWER, first_name="Rui", last_name="Costa")
    UserFactory(username="ada", role=Role.ADMIN, first_name="Ada", last_name="Brook")


def _register(page: Page, base: str) -> Patient:
    sign_in(page, base, "luis")
    page.goto(f"{base}/patients/new/")
    page.get_by_label("MRN").fill("HP-20931")
    page.get_by_label("Family name").fill("Lindqvist")
    page.get_by_label("Given name").fill("Maja")
    page.get_by_label("Date of birth").fill("1983-08-21")
    page.get_by_label("Sex at birth").select_option("female")
    coverage = page.get_by_test_id("registration-coverage")
    coverage.get_by_label("Payer and plan").select_option(str(Plan.objects.get(payer__name=seed.MA_EAST).pk))
    coverage.get_by_label("Member id").fill("MA-77120")
    _shots(page, "1-register-form")
    page.get_by_role("button", name="Register").click()
    _message(page, "Patient registered with their coverage.")
    expect(page.locator("main")).to_contain_text("MA-77120")
    _shots(page, "2-registered")
    _sign_out(page)
    return Patient.objects.get(mrn="HP-20931")


def _clinician_signs_evaluates_and_accepts(page: Page, base: str, patient: Patient) -> None:
    # The intake's sections are typed in test_reassessment_journey; here the draft holds the
    # demo record, and the clinician completes, signs, evaluates and decides in the browser.
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    reassessment_create(actor=UserFactory(username="dana"), patient=patient, document=document)
    sign_in(page, base, "dana")
    page.goto(f"{base}/patients/{patient.id}/")
    page.get_by_test_id("reassessment-table").get_by_role("link").first.click()
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_test_id("status")).to_have_text("Complete")
    page.get_by_role("button", name="Sign reassessment").click()
    expect(page.get_by_test_id("status")).to_have_text("Signed")
    _shots(page, "3-signed")
    page.get_by_role("link", name="Treatment candidacy").click()
    page.get_by_role("button", name="Evaluate candidacy").click()
    card = page.get_by_test_id("card-tms")
    card.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("decision-tms")).to_contain_text("Accepted")
    _shots(page, "4-accepted")
    _sign_out(page)


def _coordinator_starts_the_case(page: Page, base: str) -> PaCase:
    sign_in(page, base, "luis")
    page.get_by_role("link", name="Hand-offs from clinicians").click()
    accepted = page.get_by_test_id("queue-accepted")
    expect(accepted).to_contain_text("Lindqvist, Maja")
    _shots(page, "5-coordinator-queue")
    accepted.get_by_role("link", name="Start PA").first.click()
    page.get_by_test_id("card-tms").get_by_role("button", name="Start prior authorization").click()
    _message(page, "Prior authorization started.")
    work_checklist(page)
    _shots(page, "6-checklist-worked")
    page.get_by_role("link", name="Letter: edit and finalize").click()
    expect(page.get_by_test_id("letter-status")).to_have_text("Not saved yet")
    expect(page.get_by_test_id("letter-form")).to_have_count(0)
    _sign_out(page)
    return PaCase.objects.get()


def _clinician_finalizes_the_letter(page: Page, base: str, case: PaCase) -> None:
    sign_in(page, base, "dana")
    page.goto(f"{base}/patients/{case.patient_id}/")
    page.locator(f'a[href="/benefits/cases/{case.id}/"]').first.click()
    page.get_by_role("link", name="Letter: edit and finalize").click()
    narrative = page.get_by_label("Narrative")
    expect(narrative).to_contain_text(
        "I am writing to request authorization of transcranial magnetic stimulation"
    )
    narrative.fill(
        narrative.input_value() + "\n\nShe has asked for TMS after discussing each option with me."
    )
    if page.get_by_test_id("letter-unmet").count():
        page.get_by_label("Justification for an unmet payer criterion").fill(
            "The unmet criterion does not apply to her: her record shows why, "
            "and I have reviewed it with her in person."
        )
    page.get_by_role("button", name="Save this version").click()
    _message(page, "Version 1 of the letter saved.")
    page.get_by_role("button", name="Finalize version 1").click()
    _message(page, "Letter finalized: the coordinator can now attach it to the case.")
    expect(page.get_by_test_id("letter-status")).to_have_text("Finalized")
    _shots(page, "7-letter-finalized")
    page.get_by_role("link", name="View the letter").click()
    expect(page.get_by_test_id("letter-signature")).to_contain_text("Dana Okafor, MD")
    expect(page.get_by_test_id("letter-signature")).to_contain_text("NPI 1234567893")
    expect(page.locator("body")).to_contain_text("Harbor Psychiatry")
    expect(page.locator("body")).not_to_contain_text("criteria.md")
    expect(page.get_by_test_id("letter-draft")).to_have_count(0)
    _shots(page, "8-letter")
    page.go_back()
    _sign_out(page)


def _coordinator_attaches_submits_and_records_approval(page: Page, base: str, case: PaCase) -> None:
    sign_in(page, base, "luis")
    page.goto(f"{base}/benefits/cases/{case.id}/")
    page.get_by_role("link", name="Letter: edit and finalize").click()
    page.get_by_role("button", name="Attach the finalized letter to the prior authorization").click()
    _message(page, "Finalized letter attached to the prior authorization.")
    expect(page.get_by_test_id("letter-attached")).to_contain_text("Version 1 is attached")
    page.get_by_role("link", name="TMS prior authorization").click()
    letter_row = page.locator(f'tr[data-code="{LETTER_ITEM}"]')
    if letter_row.count():  # the plan asks for the letter: attaching it closed the item
        expect(page.get_by_test_id(f"state-{LETTER_ITEM}")).to_have_text("Done")
        expect(letter_row.get_by_role("link", name="The attached letter")).to_be_visible()
    actions = page.get_by_test_id("actions")
    if actions.get_by_role("button", name="Documents needed").count():
        actions.get_by_role("button", name="Documents needed").click()
    for status in ("Ready to submit", "Submitted", "Pending payer"):
        page.get_by_test_id("actions").get_by_role("button", name=status).click()
        expect(page.get_by_test_id("case-status")).to_have_text(status)
    form = page.get_by_test_id("approval-form")
    form.get_by_label("Authorization number").fill("AUTH-4410")
    form.get_by_label("Approved units (sessions)").fill("36")
    form.get_by_label("Valid from").fill(timezone.localdate().isoformat())
    form.get_by_label("Valid until").fill((timezone.localdate() + dt.timedelta(days=60)).isoformat())
    form.get_by_role("button", name="Record approval").click()
    _message(page, "Approval recorded.")
    expect(page.get_by_test_id("case-status")).to_have_text("Approved")
    _shots(page, "9-approved")
    _sign_out(page)


def test_a_new_insured_patient_from_registration_to_approval_with_a_finalized_letter(
    page: Page, live_server: Any
) -> None:
    base = live_server.url
    _staff()
    patient = _register(page, base)
    _clinician_signs_evaluates_and_accepts(page, base, patient)
    case = _coordinator_starts_the_case(page, base)
    _clinician_finalizes_the_letter(page, base, case)
    _coordinator_attaches_submits_and_records_approval(page, base, case)

    # The reviewer reads the evaluation and its decision, and is offered no change.
    sign_in(page, base, "rui")
    page.goto(f"{base}/eligibility/evaluations/{case.evaluation_id}/")
    expect(page.get_by_test_id("decision-tms")).to_contain_text("Accepted")
    expect(page.get_by_role("button", name="Record decision")).to_have_count(0)
    _shots(page, "10-reviewer")
    _sign_out(page)

    # The administrator sees no patient data: the patient page is refused, the name shown nowhere.
    sign_in(page, base, "ada")
    expect(page.locator("body")).not_to_contain_text("Lindqvist")
    response = page.goto(f"{base}/patients/{patient.id}/")
    assert response is not None and response.status == 403
    expect(page.locator("body")).not_to_contain_text("Lindqvist")
    _shots(page, "11-administrator")

    case.refresh_from_db()
    letter = Letter.objects.get(case=case)
    assert (case.status, case.authorization_number) == ("approved", "AUTH-4410")
    assert (letter.status, letter.finalized_version, letter.attached_version) == ("finalized", 1, 1)
    actions = set(AuditEvent.objects.filter(patient_id=patient.id).values_list("action", flat=True))
    assert {"patient.created", "coverage.created", "letter.finalized", "letter.attached"} <= actions
