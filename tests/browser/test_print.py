"""Printing the evaluation report, the reassessment summary and the letter gives the record, not
the screen (issue 12, Layout): no navigation, forms or buttons; link text kept; a short report.

Chromium prints each page to PDF (test-artifacts/browser/print-<page>.pdf); the page counts are
written to print-pages.txt beside them.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import ARTIFACTS
from .records import clinic_records, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each page object in Chromium's PDF is written as "/Type /Page" (the tree's root is "/Pages").
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-z])")


def _pdf_pages(page: Page, name: str) -> int:
    pdf = page.pdf(format="Letter", print_background=True)
    (ARTIFACTS / f"print-{name}.pdf").write_bytes(pdf)
    return len(_PDF_PAGE.findall(pdf))


def _assert_printed_without_screen_furniture(page: Page) -> None:
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.locator("footer.footer")).to_be_hidden()
    for form in page.locator("form").all():
        expect(form).to_be_hidden()
    for button in page.locator("button, .button").all():
        expect(button).to_be_hidden()
    page.emulate_media(media="screen")


def test_the_report_summary_and_letter_print_without_navigation_or_forms(
    page: Page, live_server: Any
) -> None:
    records = clinic_records()
    sign_in(page, live_server.url, "luis")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    counts: dict[str, int] = {}
    for name, path in {
        "report": f"/eligibility/evaluations/{records.evaluation_id}/",
        "summary": f"/reassessments/{records.reassessment_id}/",
        "letter": f"/benefits/cases/{records.case_id}/letter/",
    }.items():
        page.goto(f"{live_server.url}{path}")
        _assert_printed_without_screen_furniture(page)
        page.emulate_media(media="print")
        page.screenshot(path=str(ARTIFACTS / f"print-{name}.png"), full_page=True)
        page.emulate_media(media="screen")
        counts[name] = _pdf_pages(page, name)
    (ARTIFACTS / "print-pages.txt").write_text("".join(f"{k}: {v}\n" for k, v in counts.items()))

    # The report keeps its links' text (the patient's name links to the patient page).
    page.goto(f"{live_server.url}/eligibility/evaluations/{records.evaluation_id}/")
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name=re.compile("Fontaine")).first).to_be_visible()
    page.emulate_media(media="screen")
    assert counts["report"] <= 4, counts
    assert all(n >= 1 for n in counts.values()), counts
