"""Issue 10's journey: a clinician records a cochlear implant marked non-conductive and sees TMS
contraindicated with the device named in its first line; then records psychotic features and
sees an ECT referral lead the ranking, ECT in the next steps, and Spravato not first.

Needs the second-edition engine (criteria.md §10.2, §10.6): it reads the report's summary line
and the ECT referral entry, which the engine writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from elevium.accounts.roles import Role
from reassessment import services as reassessment_services
from reassessment.demo import full_document
from tests.factories import PASSWORD, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1366, 390)  # a clinic desktop and a phone


def _screenshots(page: Page, name: str) -> None:
    """The page at each width, full length, in test-artifacts/browser/."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"test-artifacts/browser/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def _field(page: Page, name: str) -> Any:
    return page.locator(f'[name="{name}"]')


def test_a_cochlear_implant_contraindicates_tms_and_psychotic_features_bring_an_ect_referral(
    page: Page, live_server: Any
) -> None:
    clinician = UserFactory(username="dr-okafor", role=Role.CLINICIAN, first_name="Dana", last_name="Okafor")
    patient = PatientFactory(family_name="Lindqvist", given_name="Maja", date_of_birth=dt.date(1983, 8, 21))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    reassessment = reassessment_services.reassessment_create(
        actor=clinician, patient=patient, document=document
    )
    base = f"{live_server.url}/reassessments/{reassessment.id}"

    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("dr-okafor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # 1. The implant, in the blank row after the dental work already listed.
    page.goto(f"{base}/sections/implants/")
    expect(page.get_by_role("heading", name="Implants, devices and metal")).to_be_visible()
    _field(page, "rows-1-kind").select_option(label="Cochlear implant")
    _field(page, "rows-1-location").select_option(label="In the head")
    _field(page, "rows-1-magnetic_or_conductive").select_option(label="No")
    _field(page, "rows-1-notes").fill("Left ear; the patient says it is non-conductive.")
    _screenshots(page, "second-edition-implant-intake")
    page.get_by_role("button", name="Save and view summary").click()
    expect(page.get_by_test_id("recorded")).to_contain_text("Cochlear implant")

    page.get_by_role("link", name="Treatment candidacy").click()
    page.get_by_role("button", name="Evaluate candidacy").click()
    tms = page.get_by_test_id("card-tms")
    expect(page.get_by_test_id("status-tms")).to_have_text("contraindicated")
    summary = page.get_by_test_id("summary-tms")
    expect(summary).to_contain_text("cochlear implant", ignore_case=True)
    expect(summary).to_contain_text("Contraindicated")
    # The summary is the first line under the card's heading.
    first_paragraph = tms.locator("p").first
    expect(first_paragraph).to_have_attribute("data-testid", "summary-tms")
    _screenshots(page, "second-edition-tms-contraindicated")

    # 2. Psychotic features in this episode.
    page.goto(f"{base}/sections/diagnosis/")
    _field(page, "icd10_code").select_option("F33.3")
    _field(page, "psychotic_features").select_option("yes")
    page.get_by_role("button", name="Save and view summary").click()
    page.get_by_role("link", name="Treatment candidacy").click()
    page.get_by_role("button", name="Re-evaluate").click()

    first = page.get_by_test_id("rank-1")
    expect(first).to_have_attribute("data-kind", "referral")
    expect(first).to_contain_text("ECT referral")
    expect(first.locator(".status-pill")).to_have_count(0)
    expect(page.get_by_test_id("next-steps")).to_contain_text("ECT")
    spravato_rank = page.locator('[data-testid^="rank-"]', has_text="Spravato").first
    expect(spravato_rank).not_to_have_attribute("data-testid", "rank-1")
    _screenshots(page, "second-edition-ect-referral")


def test_the_report_reads_its_first_lines_first_on_a_desktop_and_a_phone(
    page: Page, live_server: Any
) -> None:
    """The report page itself, from a stored second-edition report (no engine needed): summary
    lines, the ECT referral, work-up reminders, and the met criteria folded until opened."""
    from tests.eligibility.test_report_pages import TMS_SUMMARY, _stored, second_edition_report

    clinician = UserFactory(username="dr-okafor", role=Role.CLINICIAN, first_name="Dana", last_name="Okafor")
    patient = PatientFactory(family_name="Lindqvist", given_name="Maja", date_of_birth=dt.date(1983, 8, 21))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    reassessment = reassessment_services.reassessment_create(
        actor=clinician, patient=patient, document=document
    )
    evaluation = _stored(reassessment, clinician, second_edition_report(timezone.localdate()))

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("dr-okafor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/eligibility/evaluations/{evaluation.id}/")
    expect(page.get_by_test_id("summary-tms")).to_have_text(TMS_SUMMARY)
    # The same reading as the journey above makes of the engine's report.
    expect(page.get_by_test_id("card-tms").locator("p").first).to_have_attribute("data-testid", "summary-tms")
    expect(page.get_by_test_id("rank-1")).to_contain_text("ECT referral")
    expect(page.get_by_test_id("rank-1").locator(".status-pill")).to_have_count(0)
    expect(page.get_by_test_id("next-steps")).to_contain_text("ECT")
    spravato_rank = page.locator('[data-testid^="rank-"]', has_text="Spravato").first
    expect(spravato_rank).to_have_attribute("data-testid", "rank-2")
    expect(page.get_by_test_id("workup")).to_contain_text("TSH")
    met = page.get_by_test_id("criteria-tms")
    expect(met.get_by_text("F33.3 is a current major depressive episode.")).not_to_be_visible()
    met.get_by_text("Criteria met").click()
    expect(met.get_by_text("F33.3 is a current major depressive episode.")).to_be_visible()
    _screenshots(page, "second-edition-report")
