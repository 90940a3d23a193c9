"""A coordinator works the PA checklist with evidence: attaches the psychiatrist's order as a PDF,
tries to tick a payer criterion the evaluation found unmet without a justification (refused, what
was typed is kept), writes one, closes the rest and submits. Shot at 1366 and 390 px; on the
phone the checklist is stacked, one block per item, and nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from benefits import seed
from benefits.models import Coverage, PaAttachment, PaCase, Plan
from benefits.services import pa_case_create_from_evaluation
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from eligibility.services import evaluation_create
from reassessment.demo import full_document
from reassessment.services import reassessment_create
from tests.benefits.files import pdf_bytes
from tests.factories import PASSWORD, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts/browser")
WHY = "Aripiprazole augmentation was stopped for akathisia in 2025; the plan accepts documented intolerance."


def _case() -> PaCase:
    clinician = UserFactory(username="dr-okafor", role=Role.CLINICIAN, first_name="Dana", last_name="Okafor")
    coordinator = UserFactory(
        username="luis", role=Role.CARE_COORDINATOR, first_name="Luis", last_name="Marquez"
    )
    patient = PatientFactory(family_name="Fontaine", given_name="Iris", date_of_birth=dt.date(1966, 4, 8))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    # No augmentation trial on record: the plan's augmentation criterion is unmet.
    document["medication_trials"] = [t for t in document["medication_trials"] if t["drug"] != "aripiprazole"]
    evaluation = evaluation_create(
        actor=clinician, reassessment=reassessment_create(actor=clinician, patient=patient, document=document)
    )
    coverage = Coverage.objects.create(
        patient=patient,
        plan=Plan.objects.get(payer__name=seed.AETNA),
        member_id="AE-20114",
        valid_from=dt.date(2025, 1, 1),
    )
    return pa_case_create_from_evaluation(
        actor=coordinator, evaluation=evaluation, treatment="tms", coverage=coverage
    )


def _row(page: Page, code: str) -> Any:
    return page.get_by_test_id("checklist").locator(f"tr[data-code='{code}']")


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_coordinator_attaches_justifies_and_submits(page: Page, live_server: Any, tmp_path: Path) -> None:
    case = _case()
    order = tmp_path / "psychiatrist-order.pdf"
    order.write_bytes(pdf_bytes())
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("luis")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/benefits/cases/{case.id}/")

    # The evaluation's finding and where it comes from are on the row.
    augmentation = _row(page, "augmentation")
    expect(augmentation.get_by_test_id("evidence-augmentation")).to_contain_text("The evaluation found:")
    expect(augmentation.get_by_role("link", name="Reassessment: Medication trials")).to_be_visible()
    expect(augmentation.get_by_role("link", name="The payer rule")).to_have_attribute(
        "href", "/eligibility/rules/#rule-payer.augmentation"
    )

    # Attach the signed order; the document alone is evidence enough to close the item.
    _row(page, "psychiatrist_order").get_by_label(re.compile("^PDF, PNG or JPEG file for")).set_input_files(
        order
    )
    _row(page, "psychiatrist_order").get_by_role("button", name="Attach", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Document attached.")
    expect(
        _row(page, "psychiatrist_order").get_by_role("link", name="psychiatrist-order.pdf")
    ).to_be_visible()
    _row(page, "psychiatrist_order").get_by_role("button", name="Mark done").click()
    expect(page.locator(".messages")).to_contain_text("Checklist updated.")

    # The unmet criterion without a justification: refused, and what was typed is still there.
    row = _row(page, "augmentation")
    row.get_by_label("Evidence (document, date, reference)").fill("Pharmacy fill history, 2025")
    row.get_by_role("button", name="Mark done").click()
    expect(page.locator(".messages")).to_contain_text(
        "write a justification saying why the request should go ahead"
    )
    row = _row(page, "augmentation")
    expect(row.get_by_label("Evidence (document, date, reference)")).to_have_value(
        "Pharmacy fill history, 2025"
    )
    expect(row.get_by_test_id("state-augmentation")).to_have_text("Not done")
    page.screenshot(path=str(SHOTS / "checklist-refused-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "checklist-refused-390.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    row.get_by_label("Justification (required: the evaluation found this unmet)").fill(WHY)
    row.get_by_role("button", name="Mark done").click()
    expect(page.locator(".messages")).to_contain_text("Checklist updated.")
    expect(_row(page, "augmentation").get_by_test_id("state-augmentation")).to_have_text(
        "Done with a justification: the evaluation found it unmet"
    )
    expect(_row(page, "augmentation").get_by_test_id("justification-augmentation")).to_contain_text(WHY)

    for code in ("tms_plan", "letter_of_medical_necessity"):
        _row(page, code).get_by_label("Evidence (document, date, reference)").fill(
            "Signed and filed on 3 December"
        )
        _row(page, code).get_by_role("button", name="Mark done").click()
        expect(page.locator(".messages")).to_contain_text("Checklist updated.")
    page.get_by_test_id("actions").get_by_role("button", name="Ready to submit").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Ready to submit")
    page.get_by_test_id("actions").get_by_role("button", name="Submitted").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Submitted")
    expect(_row(page, "psychiatrist_order")).to_contain_text("Kept as sent.")
    page.screenshot(path=str(SHOTS / "checklist-submitted-1366.png"), full_page=True)

    # The document is read through the audited view, as a download that may not be sniffed.
    href = (
        _row(page, "psychiatrist_order")
        .get_by_role("link", name="psychiatrist-order.pdf")
        .get_attribute("href")
    )
    got = page.request.get(f"{live_server.url}{href}")
    assert got.status == 200 and got.body() == order.read_bytes()
    assert got.headers["content-disposition"].startswith("attachment;")
    assert got.headers["x-content-type-options"] == "nosniff"

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _no_sideways_scroll(page)
    cell = _row(page, "augmentation").locator("td").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"  # stacked, not a scrolled table
    page.screenshot(path=str(SHOTS / "checklist-submitted-390.png"), full_page=True)

    case.refresh_from_db()
    assert case.status == "submitted"
    assert case.checklist.get(code="augmentation").justification == WHY
    assert PaAttachment.objects.filter(case=case).count() == 1
    logged = set(AuditEvent.objects.filter(patient_id=case.patient_id).values_list("action", flat=True))
    assert {"pa_case.attachment_added", "pa_case.attachment_downloaded", "pa_case.checklist_marked"} <= logged
