"""A coordinator registers a new patient and adds their insurance from the patient page, without
the Django admin, then sees it there; screenshots at desktop (1366 px) and phone (390 px) widths."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from benefits import seed
from benefits.models import Coverage
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_coordinator_adds_a_coverage_to_a_new_patient_from_the_patient_page(
    page: Page, live_server: Any, width: int
) -> None:
    UserFactory(username="luis", role=Role.CARE_COORDINATOR, first_name="Luis", last_name="Marquez")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("luis")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/patients/new/")
    page.get_by_label("MRN").fill("NEW-4401")
    page.get_by_label("Family name").fill("Fontaine")
    page.get_by_label("Given name").fill("Iris")
    page.get_by_label("Date of birth").fill("1966-04-08")
    page.get_by_label("Sex at birth").select_option("female")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_test_id("patient-name")).to_have_text("Fontaine, Iris")
    expect(page.get_by_test_id("coverages")).to_contain_text("No insurance coverage recorded.")

    page.get_by_role("link", name="Add coverage").click()
    form = page.get_by_test_id("coverage-form")
    form.get_by_label("Payer and plan").select_option(label=f"{seed.MA_EAST} — " + _plan_name(seed.MA_EAST))
    form.get_by_label("Member id").fill("MA-55501")
    form.get_by_label("Group number").fill("G-12")
    form.get_by_label("Covered from").fill("2026-01-01")
    _shoot(page, f"coverage-journey-form-{width}")
    form.get_by_role("button", name="Add coverage").click()

    expect(page.locator(".messages")).to_contain_text("Coverage added.")
    row = page.get_by_test_id("coverage-row")
    expect(row).to_contain_text(seed.MA_EAST)
    expect(row).to_contain_text("MA-55501")
    expect(row).to_contain_text("from 2026-01-01, continuing")
    # The coverage section fits its card at either width: nothing in it scrolls sideways.
    fits = "el => el.scrollWidth <= el.clientWidth"
    assert page.get_by_test_id("coverages").evaluate(fits)
    _shoot(page, f"coverage-journey-patient-{width}")

    row.get_by_role("link", name="Benefits and estimate").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(seed.MA_EAST)
    _shoot(page, f"coverage-journey-benefits-{width}")

    coverage = Coverage.objects.get(member_id="MA-55501")
    assert AuditEvent.objects.filter(action="coverage.created", patient_id=coverage.patient_id).count() == 1


def _plan_name(payer: str) -> str:
    from benefits.models import Plan

    return Plan.objects.filter(payer__name=payer).order_by("name").values_list("name", flat=True)[0]
