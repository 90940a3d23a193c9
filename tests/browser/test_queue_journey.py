"""A clinician accepts a treatment from their queue; the coordinator's queue then offers to
start its prior authorization. Screenshots at 1366 and 390 px."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from elevium.accounts.roles import Role
from eligibility.services import evaluation_create
from reassessment.demo import full_document
from reassessment.services import reassessment_create
from tests.factories import PASSWORD, PatientFactory, UserFactory

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("width", [1366, 390])
def test_a_decision_in_the_clinicians_queue_reaches_the_coordinators_queue(
    page: Page, live_server: Any, width: int
) -> None:
    clinician = UserFactory(username="dana", role=Role.CLINICIAN, first_name="Dana", last_name="Okafor")
    UserFactory(username="luis", role=Role.CARE_COORDINATOR, first_name="Luis", last_name="Marquez")
    patient = PatientFactory(family_name="Fontaine", given_name="Iris", date_of_birth=dt.date(1966, 4, 8))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    evaluation = evaluation_create(
        actor=clinician, reassessment=reassessment_create(actor=clinician, patient=patient, document=document)
    )
    treatment = next(t for t, s in evaluation.statuses.items() if s in ("eligible", "eligible_with_cautions"))
    page.set_viewport_size({"width": width, "height": 900})

    _sign_in(page, live_server, "dana")
    page.get_by_role("link", name="Open your work queue").click()
    waiting = page.get_by_test_id("queue-awaiting_decision")
    expect(waiting).to_contain_text("Fontaine, Iris")
    expect(waiting).to_contain_text("3 of 3 treatments await your decision.")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"queue-clinician-{width}.png"), full_page=True)
    waiting.get_by_role("link", name="Fontaine, Iris").click()
    card = page.get_by_test_id(f"card-{treatment}")
    card.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id(f"decision-{treatment}")).to_contain_text("Accepted")
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, live_server, "luis")
    page.get_by_role("link", name="Hand-offs from clinicians").click()
    accepted = page.get_by_test_id("queue-accepted")
    expect(accepted).to_contain_text("Fontaine, Iris")
    expect(accepted).to_contain_text("accepted by Dana Okafor; no prior authorization started.")
    page.screenshot(path=str(ARTIFACTS / f"queue-coordinator-{width}.png"), full_page=True)
    accepted.get_by_role("link", name="Start PA").click()
    expect(page).to_have_url(
        f"{live_server.url}/eligibility/evaluations/{evaluation.id}/#coverage-{treatment}"
    )
