"""Script and markup typed into free-text fields stay text in a real browser: no dialog opens, no
element is created from them, and the text reads as typed. The stored data is the same as in
tests/test_escaping.py; the harness also fails the test on any Content-Security-Policy report."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD
from tests.test_escaping import PAYLOADS, Hostile, store_hostile_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("[data-home]")).to_be_visible()


def _assert_inert(page: Page, hostile: Hostile) -> None:
    # Nothing built from a payload: no image, no SVG with a handler, no inline script, no
    # element with an event-handler attribute, no javascript: link.
    expect(page.locator("img[src='x']")).to_have_count(0)
    expect(page.locator("svg[onload]")).to_have_count(0)
    expect(page.locator("script:not([src])")).to_have_count(0)
    expect(page.locator("[onerror], [onload], [onclick]")).to_have_count(0)
    expect(page.locator("[href^='javascript:' i]")).to_have_count(0)
    # The payload is on the page as the text that was typed.
    expect(page.locator("body")).to_contain_text(hostile.payload)


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
def test_hostile_text_is_shown_as_text_and_runs_nothing(page: Page, live_server: Any, payload: str) -> None:
    hostile = store_hostile_text(PAYLOADS[payload])
    dialogs: list[str] = []

    def dialog(opened: Any) -> None:
        dialogs.append(opened.message)
        opened.dismiss()

    page.on("dialog", dialog)
    base = live_server.url
    ids = hostile.ids

    _sign_in(page, base, ids["clinician"].username)
    for path in (
        reverse("patients:patient-detail", kwargs={"patient_id": ids["patient_id"]}),
        reverse("reassessment:summary", kwargs={"reassessment_id": ids["reassessment_id"]}),
        reverse("reassessment:section", kwargs={"reassessment_id": ids["reassessment_id"], "slug": "safety"}),
        reverse("eligibility:evaluation", kwargs={"evaluation_id": ids["evaluation_id"]}),
    ):
        page.goto(f"{base}{path}")
        _assert_inert(page, hostile)
    page.goto(f"{base}{reverse('patients:patient-detail', kwargs={'patient_id': ids['patient_id']})}")
    expect(page.get_by_test_id("patient-name")).to_have_text(
        f"{hostile.values['family']}, {hostile.values['given']}"
    )

    _sign_in(page, base, ids["coordinator"].username)
    for path in (
        reverse("benefits:case", kwargs={"case_id": ids["case_id"]}),
        reverse("benefits:coverage", kwargs={"coverage_id": ids["coverage_id"]}),
        reverse("benefits:case-letter", kwargs={"case_id": ids["case_id"]}),
    ):
        page.goto(f"{base}{path}")
        _assert_inert(page, hostile)
    # The letter is styled by its own stylesheet, allowed by hash: the heading is not the
    # browser's default 2em.
    expect(page.get_by_role("heading", name="Letter of medical necessity")).to_have_css("font-size", "20px")
    page.goto(f"{base}{reverse('benefits:case', kwargs={'case_id': ids['case_id']})}")

    assert dialogs == []
