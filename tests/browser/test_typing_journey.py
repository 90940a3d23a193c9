"""Never lose typing (issue 12): a clinician types into an intake section with a short idle
limit. The warning comes before the logoff and typing hides it, with nothing lost; when the
typing stops, the autosave has stored the text, the server ends the session, and after signing in
again the text is in the box. A too-short override reason is refused and stays in its box."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from elevium.accounts.roles import Role
from eligibility.models import Evaluation
from reassessment import services
from reassessment.models import Reassessment
from tests.factories import PatientFactory, UserFactory

from .records import clinic_records, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
IDLE = 24  # seconds: the warning comes 8 s before (a third), activity is noted every second
FIRST = "Lives 40 minutes away by car. "
SECOND = "Her sister can drive her home after dosing on weekdays."


def _screenshots(page: Page, name: str, focus: Locator | None = None) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 860})
        if focus is not None:
            focus.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"typing-{name}-{width}.png"), full_page=False)
    page.set_viewport_size({"width": 1366, "height": 860})


@pytest.fixture
def draft(settings: Any) -> Reassessment:
    settings.IDLE_TIMEOUT_SECONDS = IDLE
    clinician = UserFactory(username="dr-okoye", role=Role.CLINICIAN, first_name="Nkem", last_name="Okoye")
    patient = PatientFactory(
        family_name="Lindqvist", given_name="Maja", sex_at_birth="female", date_of_birth=dt.date(1984, 6, 9)
    )
    return services.reassessment_create(actor=clinician, patient=patient)


def _notes_of(draft: Reassessment) -> str:
    draft.refresh_from_db()
    return str(draft.document.get("logistics", {}).get("notes", ""))


def test_the_warning_comes_before_the_logoff_and_typing_keeps_the_session_and_the_text(
    page: Page, live_server: Any, draft: Reassessment
) -> None:
    sign_in(page, live_server.url, "dr-okoye")
    page.goto(f"{live_server.url}/reassessments/{draft.id}/sections/logistics/")
    notes = page.get_by_label("Notes")
    notes.press_sequentially(FIRST, delay=40)
    warning = page.locator("[data-idle-warning]")
    expect(warning).to_be_visible(timeout=(IDLE + 2) * 1000)
    expect(warning.get_by_role("alert")).to_have_text(
        "You will be signed out in 8 seconds for inactivity. Keep working to stay signed in."
    )
    _screenshots(page, "warning", focus=notes)
    notes.press_sequentially(SECOND, delay=40)  # the clinician goes on typing
    expect(warning).to_be_hidden()
    # Past the first limit, still signed in, every letter in the box and stored.
    page.wait_for_timeout(6000)
    assert "/reassessments/" in page.url
    expect(notes).to_have_value(FIRST + SECOND)
    expect(page.get_by_test_id("autosave-status")).to_have_text(re.compile(r"^Saved \d\d:\d\d\.$"))
    assert _notes_of(draft) == FIRST + SECOND
    _screenshots(page, "saved", focus=page.get_by_test_id("autosave-status"))


def test_text_autosaved_before_the_logoff_is_there_after_signing_in_again(
    page: Page, live_server: Any, draft: Reassessment
) -> None:
    sign_in(page, live_server.url, "dr-okoye")
    section = f"{live_server.url}/reassessments/{draft.id}/sections/logistics/"
    page.goto(section)
    page.get_by_label("Notes").press_sequentially(FIRST + SECOND, delay=20)
    expect(page.get_by_test_id("autosave-status")).to_contain_text("Saved", timeout=5000)
    assert _notes_of(draft) == FIRST + SECOND
    # The clinician walks away: the tab leaves for the sign-in page once the server has ended the session.
    page.wait_for_url(f"{live_server.url}/login/", timeout=(IDLE + 10) * 1000)
    expect(page.get_by_text("You were signed out after 1 minute of inactivity.")).to_be_visible()
    _screenshots(page, "signed-out")
    sign_in(page, live_server.url, "dr-okoye")
    page.goto(section)
    expect(page.get_by_label("Notes")).to_have_value(FIRST + SECOND)


def test_a_too_short_override_reason_is_refused_and_stays_in_its_box(page: Page, live_server: Any) -> None:
    records = clinic_records()
    evaluation = Evaluation.objects.get(id=records.evaluation_id)
    engine = evaluation.statuses["tms"]
    other = next(s for s in ("not_eligible", "eligible_with_cautions") if s != engine)
    sign_in(page, live_server.url, "dana")
    page.goto(f"{live_server.url}/eligibility/evaluations/{records.evaluation_id}/")
    card = page.get_by_test_id("card-tms")
    card.get_by_label("Decision for TMS").select_option("override")
    card.get_by_label("Clinician's conclusion (override)").select_option(other)
    card.get_by_label("Reason (required to override)").fill("Too far")
    card.get_by_role("button", name="Record decision").click()
    card = page.get_by_test_id("card-tms")
    reason = card.get_by_label("Reason (required to override)")
    expect(reason).to_have_value("Too far")
    expect(reason).to_have_attribute("aria-invalid", "true")
    sentence = "An override needs a reason (at least 10 characters)."
    expect(card.locator("#reason-error-tms")).to_have_text(sentence)
    expect(card.get_by_label("Decision for TMS")).to_have_value("override")
    expect(card.get_by_label("Clinician's conclusion (override)")).to_have_value(other)
    _screenshots(page, "override-refused", focus=card.get_by_role("button", name="Record decision"))
    reason.fill("Too far to travel for daily sessions; no driver.")
    card.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("decision-tms")).to_contain_text("Overridden")
