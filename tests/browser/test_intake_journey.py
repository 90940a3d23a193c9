"""A clinician's intake of a male patient: the PHQ-9 answered by clicking choices with a live
total, the C-SSRS with question 2 "no" skipping questions 3 to 5, no pregnancy question, and a
PHQ-9 item 9 of 1 raising the safety banner without holding the clinician on the page; completing
(so signing) is refused in the banner's words until a safety action is recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from elevium.accounts.roles import Role
from reassessment.models import Reassessment
from reassessment.questionnaires import PHQ9_ITEMS
from reassessment.views import SIGN_BLOCKED
from tests.factories import PASSWORD, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
WIDTHS = (1366, 390)
# PHQ-9 answers in words, items 1 to 9: 3+2+2+1+1+1+1+0+1 = 12, item 9 "Several days".
ANSWERS = (
    "Nearly every day",
    "More than half the days",
    "More than half the days",
    "Several days",
    "Several days",
    "Several days",
    "Several days",
    "Not at all",
    "Several days",
)


def _screenshots(page: Page, name: str) -> None:
    """The page at desktop and phone widths, to be looked at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 860})
        page.screenshot(path=str(ARTIFACTS / f"intake-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 860})


def _no_serious_axe_violations(page: Page) -> None:
    """axe-core on the intake's own parts (the conftest checks every whole page too)."""
    results = Axe().run(page, context={"include": [[".section-form"], [".section-nav"], [".safety-banner"]]})
    serious = [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:6]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert serious == [], serious


def _start(page: Page, live_server: Any) -> Reassessment:
    UserFactory(username="dr-adeyemi", role=Role.CLINICIAN, first_name="Tunde", last_name="Adeyemi")
    patient = PatientFactory(
        family_name="Brennan", given_name="Colm", sex_at_birth="male", date_of_birth=dt.date(1979, 3, 2)
    )
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("dr-adeyemi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/patients/{patient.id}/")
    page.get_by_role("button", name="Start a reassessment").click()
    expect(page.get_by_role("heading", name="Diagnosis")).to_be_visible()
    page.locator('[name="icd10_code"]').select_option("F33.2")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Co-occurring conditions")).to_be_visible()
    return Reassessment.objects.get(patient=patient)


def _fill_phq9(page: Page) -> None:
    page.locator('[name="rows-0-administered_on"]').fill(timezone.localdate().isoformat())
    total = page.get_by_test_id("row-0").locator("[data-phq9-total]")
    expect(total).to_have_text("0 of 27 (0 of 9 items answered)")
    for number, (question, answer) in enumerate(zip(PHQ9_ITEMS, ANSWERS, strict=True), start=1):
        item = page.get_by_test_id("row-0").get_by_role("group", name=f"{number}. {question}")
        item.get_by_label(answer, exact=True).check()
        if number == 1:
            expect(total).to_have_text("3 of 27 (1 of 9 items answered)")
    expect(total).to_have_text("12 of 27 (9 of 9 items answered)")


def test_a_clinician_takes_a_male_patients_intake_through_the_safety_flag(
    page: Page, live_server: Any
) -> None:
    reassessment = _start(page, live_server)
    section = f"{live_server.url}/reassessments/{reassessment.id}/sections"
    expect(page.get_by_test_id("nav-diagnosis")).to_contain_text("incomplete")

    # PHQ-9: each item's question, its four answers in words, and the total as choices are made.
    page.goto(f"{section}/phq9/")
    _fill_phq9(page)
    _screenshots(page, "phq9")
    _no_serious_axe_violations(page)

    # Item 9 = 1 raises the banner, and "Save and continue" still moves on.
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="MADRS and HAM-D", exact=True)).to_be_visible()
    banner = page.get_by_test_id("safety-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(SIGN_BLOCKED)
    expect(page.get_by_test_id("nav-phq9")).to_have_attribute("data-state", "attention")
    expect(page.get_by_test_id("nav-safety")).to_contain_text("needs attention")

    # C-SSRS done at yesterday's triage call: question 2 "no" skips questions 3 to 5.
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Safety screening (C-SSRS)")).to_be_visible()
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    page.locator('[name="cssrs__administered_on"]').fill(yesterday)
    page.get_by_label("1. Have you wished you were dead").select_option("no")
    method = page.get_by_label("3. Have you been thinking about how you might do this?")
    expect(method).to_be_visible()
    page.get_by_label("2. Have you actually had any thoughts of killing yourself?").select_option("no")
    expect(method).to_be_hidden()
    expect(page.get_by_label("4. Have you had these thoughts")).to_be_hidden()
    expect(page.get_by_label("5. Have you started to work out")).to_be_hidden()
    expect(page.get_by_test_id("cssrs-skipped")).to_be_visible()
    follow_up = page.get_by_label("6, follow-up. If Yes: was this within the past 3 months?")
    expect(follow_up).to_be_visible()
    page.get_by_label("6. Have you ever done anything").select_option("no")
    expect(follow_up).to_be_hidden()
    _screenshots(page, "cssrs")
    _no_serious_axe_violations(page)
    page.get_by_role("button", name="Save and continue").click()

    # Medical history of a male patient: no pregnancy or breastfeeding question.
    expect(page.get_by_role("heading", name="Medical history")).to_be_visible()
    expect(page.get_by_test_id("not-asked")).to_be_visible()
    expect(page.locator('[name="pregnant"]')).to_have_count(0)
    expect(page.locator('[name="breastfeeding"]')).to_have_count(0)
    expect(page.get_by_test_id("safety-banner")).to_be_visible()  # the older C-SSRS does not clear it
    _screenshots(page, "medical")

    saved = Reassessment.objects.get(id=reassessment.id)
    screen = saved.document["safety"]["cssrs"]
    assert screen["suicidal_thoughts"] == "no" and screen["thoughts_of_method"] == "unknown"
    assert saved.document["medical"]["pregnant"] == "unknown"  # not asked: not applicable for the engine

    # Completing, so signing, is refused in the banner's words until the action is recorded.
    page.goto(f"{live_server.url}/reassessments/{reassessment.id}/")
    page.get_by_role("button", name="Mark complete").click()
    expect(page.locator(".messages li").filter(has_text=SIGN_BLOCKED)).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Draft")
    _screenshots(page, "refused")
    page.get_by_label("Action taken").select_option("crisis_evaluation")
    page.get_by_label("What was done").fill("Seen today by the on-call psychiatrist; safety plan made.")
    page.get_by_role("button", name="Record safety action").click()
    expect(page.get_by_test_id("safety-banner")).to_have_count(0)
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_test_id("status")).to_have_text("Complete")
    page.get_by_role("button", name="Sign reassessment").click()
    expect(page.get_by_test_id("status")).to_have_text("Signed")
    _screenshots(page, "signed")
