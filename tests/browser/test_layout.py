"""Every main page, as each role, fits a 390 px phone without sideways scroll (issue 12, Layout).

Each page is shot at 1366 and 390 px (test-artifacts/browser/layout-<role>-<page>-<width>.png);
the autouse axe-core check (conftest) runs on every page loaded here too.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from .conftest import ARTIFACTS
from .records import Records, clinic_records, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)


def _pages(role: str, r: Records) -> dict[str, str]:
    """The main pages a role works on, by a short name for the screenshot."""
    patient = {
        "patients": "/patients/",
        "patient": f"/patients/{r.patient_id}/",
        "summary": f"/reassessments/{r.reassessment_id}/",
        "report": f"/eligibility/evaluations/{r.evaluation_id}/",
        "treatments": "/treatments/",
        "rules": "/eligibility/rules/",
    }
    by_role = {
        "dana": {
            "home": "/home/clinician/",
            "queue": "/eligibility/queues/clinician/",
            **patient,
            "section": f"/reassessments/{r.reassessment_id}/sections/phq9/",
            "intake": f"/reassessments/{r.reassessment_id}/sections/medication-trials/",
        },
        "luis": {
            "home": "/home/coordinator/",
            "queue": "/eligibility/queues/coordinator/",
            "worklist": "/benefits/worklist/",
            **patient,
            "case": f"/benefits/cases/{r.case_id}/",
            "letter": f"/benefits/cases/{r.case_id}/letter/",
            "coverage": f"/benefits/coverages/{r.coverage_id}/",
        },
        "rui": {
            "home": "/home/reviewer/",
            "queue": "/eligibility/queues/reviewer/",
            **patient,
            "batches": "/eligibility/batches/",
        },
        "ada": {
            "home": "/home/admin/",
            "batches": "/eligibility/batches/",
            "treatments": "/treatments/",
            "rules": "/eligibility/rules/",
            "audit": "/audit/export/",
        },
    }
    return by_role[role]


# The elements that stick out past the window's right edge outside any scrolling box, for the message.
_WIDEST = """() => { const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.getBoundingClientRect().right <= window.innerWidth + 1) continue;
    let box = el.parentElement;
    while (box && !['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowX)) {
      box = box.parentElement;
    }
    if (!box) out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  }
  return out.slice(0, 6); }"""


def _overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scroll)."""
    width: int = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return width


@pytest.mark.parametrize("username", ["dana", "luis", "rui", "ada"])
def test_every_main_page_fits_a_phone_without_sideways_scroll(
    page: Page, live_server: Any, username: str
) -> None:
    records = clinic_records()
    sign_in(page, live_server.url, username)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    too_wide: list[str] = []
    for name, path in _pages(username, records).items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(f"{live_server.url}{path}")
            status = response.status if response is not None else None
            assert status == 200 and page.url.endswith(path), f"{username} {path}: {status} at {page.url}"
            page.screenshot(path=str(ARTIFACTS / f"layout-{username}-{name}-{width}.png"), full_page=True)
            if width == 390 and (extra := _overflow(page)) > 0:
                too_wide.append(f"{path} is {extra} px wider than a 390 px screen: {page.evaluate(_WIDEST)}")
    assert not too_wide, "\n".join(too_wide)
