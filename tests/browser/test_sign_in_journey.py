"""First journey: each role signs in and lands on its own home page; a wrong password is explained;
an administrator sets up two-step sign-in before reaching anything."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest
from playwright.sync_api import Page, expect

from elevium.accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize(
    ("role", "path", "heading"),
    [
        (Role.CLINICIAN, "/home/clinician/", "Clinician home"),
        (Role.CARE_COORDINATOR, "/home/coordinator/", "Care coordination"),
        (Role.REVIEWER, "/home/reviewer/", "Review"),
    ],
)
def test_each_role_signs_in_and_lands_on_its_home_page(
    page: Page, live_server: Any, role: Role, path: str, heading: str
) -> None:
    UserFactory(username=f"journey-{role.value}", role=role, first_name="Alex", last_name="Rivera")
    _sign_in(page, live_server.url, f"journey-{role.value}", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator(".role-badge")).to_have_text(role.label)


def test_a_wrong_password_is_explained_and_signing_out_returns_to_sign_in(
    page: Page, live_server: Any
) -> None:
    UserFactory(username="journey-clin", role=Role.CLINICIAN)
    _sign_in(page, live_server.url, "journey-clin", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("That username and password do not match")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/home/clinician/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/login/")


def test_an_administrator_sets_up_two_step_sign_in_and_reaches_the_admin_home(
    page: Page, live_server: Any
) -> None:
    UserFactory(username="journey-admin", role=Role.ADMIN, first_name="Sam", last_name="Whitfield")
    _sign_in(page, live_server.url, "journey-admin", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/account/two-step/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(page.locator("svg.qr-code")).to_be_visible()
    # Nothing else is reachable until the code is in.
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(f"{live_server.url}/account/two-step/")
    # "Scanning": the authenticator app is pyotp, given the key shown for manual entry.
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page).to_have_url(f"{live_server.url}/home/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    expect(page.get_by_role("status")).to_contain_text("Two-step sign-in is on")
    expect(page.locator(".role-badge")).to_have_text(Role.ADMIN.label)
