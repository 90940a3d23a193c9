"""Two-step sign-in (TOTP): enrolment, the code step, replay, lockout, the administrators' gate,
turning it off and an administrator's reset."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import pyotp
import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from elevium.accounts.models import TotpDevice, User
from elevium.accounts.roles import Role
from elevium.accounts.sign_in import PENDING_KEY, SECOND_FACTOR_KEY
from elevium.accounts.totp import matching_timestep
from elevium.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory
from tests.inline_code import inline_code

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 27, 9, 0, 10, tzinfo=dt.UTC)  # 10 s into a 30-second step
REFUSED = "Too many failed sign-in attempts"
WRONG = "That code is not valid"


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _device(user: User) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    TotpDevice.objects.create(
        user=user, secret=secret, created_at=timezone.now(), confirmed_at=timezone.now()
    )
    return pyotp.TOTP(secret)


def _password_step(client: Client, username: str = "staff", next_url: str = "") -> Any:
    data = {"username": username, "password": PASSWORD}
    if next_url:
        return client.post(f"/login/?next={next_url}", {**data, "next": next_url})
    return client.post("/login/", data)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# --- The code itself ------------------------------------------------------


def test_a_code_is_accepted_one_step_either_side_of_the_clock_and_no_further() -> None:
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    step = totp.timecode(START)
    for offset in (-1, 0, 1):
        code = totp.generate_otp(step + offset)
        assert matching_timestep(secret=secret, code=code, now=START) == step + offset
    for offset in (-2, 2):
        assert matching_timestep(secret=secret, code=totp.generate_otp(step + offset), now=START) is None
    spaced = totp.generate_otp(step)
    assert matching_timestep(secret=secret, code=f"{spaced[:3]} {spaced[3:]}", now=START) == step
    assert matching_timestep(secret=secret, code="12345", now=START) is None
    assert matching_timestep(secret=secret, code="abcdef", now=START) is None
    assert matching_timestep(secret=secret, code="１２３４５６", now=START) is None


@pytest.mark.parametrize("code", ["１２３４５６", "١٢٣٤٥٦", "12３456"])
def test_a_code_in_other_digits_is_refused_with_a_form_error(client: Client, clock: Any, code: str) -> None:
    user = UserFactory(username="staff")
    totp = _device(user)
    _password_step(client)
    response = client.post("/login/verify/", {"code": code})
    assert response.status_code == 200
    assert "Enter the code with the digits 0 to 9" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Not a guess: the right code still signs in at once.
    assert client.post("/login/verify/", {"code": totp.now()})["Location"] == "/"


# --- Enrolment ------------------------------------------------------------


def test_the_enrolment_page_draws_the_qr_code_inline_without_script_or_image(
    client_for: Callable[[Role], Client],
) -> None:
    response = client_for(Role.CLINICIAN).get("/account/two-step/")
    page = response.content.decode()
    device = TotpDevice.objects.get(user__username="test-clinician")
    assert device.confirmed_at is None
    assert '<svg width="' in page and 'class="qr-code"' in page
    # No script draws it: the page loads only the idle warning, as every signed-in page does.
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/idle.js" defer>']
    assert "<img" not in page
    assert inline_code(page, policy=response.get("Content-Security-Policy", "")) == []
    assert "no-store" in response["Cache-Control"]  # the secret is not kept in a browser cache
    grouped = " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))
    assert f'data-testid="totp-secret">{grouped}</code>' in page


def test_reloading_the_enrolment_page_keeps_the_secret_already_scanned(
    client_for: Callable[[Role], Client],
) -> None:
    client = client_for(Role.CLINICIAN)
    client.get("/account/two-step/")
    first = TotpDevice.objects.get().secret
    client.get("/account/two-step/")
    assert TotpDevice.objects.get().secret == first


def test_a_code_from_the_app_turns_two_step_sign_in_on(
    client_for: Callable[[Role], Client], clock: Any
) -> None:
    client = client_for(Role.CLINICIAN)
    client.get("/account/two-step/")
    device = TotpDevice.objects.get()
    response = client.post("/account/two-step/", {"code": _wrong(pyotp.TOTP(device.secret).now())})
    assert WRONG in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed_at is None
    response = client.post("/account/two-step/", {"code": pyotp.TOTP(device.secret).now()})
    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed_at == START
    assert client.session[SECOND_FACTOR_KEY] is True
    event = AuditEvent.objects.get(action="otp.enrolled")
    assert (event.actor.username, event.object_id, event.data) == ("test-clinician", str(device.pk), {})
    assert "On since" in client.get("/account/two-step/").content.decode()


# --- Signing in with a device ---------------------------------------------


def test_the_password_step_alone_does_not_sign_in(client: Client, clock: Any) -> None:
    _device(UserFactory(username="staff"))
    response = _password_step(client)
    assert response["Location"] == "/login/verify/"
    assert "_auth_user_id" not in client.session
    assert client.session[PENDING_KEY]["user_id"] == User.objects.get(username="staff").pk
    assert client.get("/home/clinician/")["Location"].startswith("/login/")
    assert client.get("/api/treatments/").status_code == 401
    assert AuditEvent.objects.filter(action="auth.password_accepted").count() == 1
    assert not AuditEvent.objects.filter(action="auth.signed_in").exists()


def test_the_code_step_signs_in_with_a_new_session_key_and_goes_to_next(client: Client, clock: Any) -> None:
    totp = _device(UserFactory(username="staff"))
    client.get("/login/")
    _password_step(client, next_url="/patients/")
    waiting_key = client.session.session_key
    response = client.post("/login/verify/", {"code": totp.now()})
    assert response["Location"] == "/patients/"
    assert client.session.session_key != waiting_key
    assert PENDING_KEY not in client.session
    assert client.session[SECOND_FACTOR_KEY] is True
    assert client.get("/patients/").status_code == 200
    event = AuditEvent.objects.get(action="auth.signed_in")
    assert (event.actor.username, event.data) == ("staff", {"second_factor": True})


def test_the_password_step_gives_a_new_session_key(client: Client, clock: Any) -> None:
    _device(UserFactory(username="staff"))
    session = client.session
    session["planted"] = True  # a session that exists before the password step
    session.save()
    planted_key = session.session_key
    _password_step(client)
    assert client.session.session_key != planted_key


def test_a_code_cannot_be_used_twice(clock: Any) -> None:
    totp = _device(UserFactory(username="staff"))
    first = Client()
    _password_step(first)
    code = totp.now()
    assert first.post("/login/verify/", {"code": code})["Location"] == "/"
    second = Client()  # someone who saw the code, within its 30 seconds
    _password_step(second)
    response = second.post("/login/verify/", {"code": code})
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert "_auth_user_id" not in second.session


def test_an_older_code_is_refused_after_a_newer_one(clock: Any) -> None:
    totp = _device(UserFactory(username="staff"))
    previous = totp.at(START - dt.timedelta(seconds=30))
    client = Client()
    _password_step(client)
    assert client.post("/login/verify/", {"code": totp.now()})["Location"] == "/"
    other = Client()
    _password_step(other)
    assert WRONG in other.post("/login/verify/", {"code": previous}).content.decode()


def test_the_waiting_step_expires(client: Client, clock: Any, settings: Any) -> None:
    totp = _device(UserFactory(username="staff"))
    _password_step(client)
    page = client.get("/login/verify/").content.decode()
    # The page goes back to the sign-in page by itself when the wait is over (refresh.js; no
    # refresh tag, which fails WCAG 2.2.1).
    seconds = settings.TWO_STEP_PENDING_SECONDS + 1
    assert f'<div hidden data-reload-after="{seconds}" data-reload-url="/login/verify/"></div>' in page
    assert "js/refresh.js" in page and "http-equiv" not in page
    clock.shift(settings.TWO_STEP_PENDING_SECONDS)
    response = client.post("/login/verify/", {"code": totp.now()})
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session
    assert "The sign-in took too long" in client.get("/login/").content.decode()


def test_the_code_step_without_the_password_step_is_the_sign_in_page(client: Client) -> None:
    assert client.get("/login/verify/")["Location"] == "/login/"
    assert client.post("/login/verify/", {"code": "123456"})["Location"] == "/login/"


def test_wrong_codes_count_towards_the_lockout(client: Client, clock: Any, settings: Any) -> None:
    settings.LOGIN_LOCKOUT_THRESHOLD = 3
    totp = _device(UserFactory(username="staff"))
    _password_step(client)
    for _ in range(2):
        assert WRONG in client.post("/login/verify/", {"code": _wrong(totp.now())}).content.decode()
    response = client.post("/login/verify/", {"code": _wrong(totp.now())})
    assert response["Location"] == "/login/"
    assert PENDING_KEY not in client.session
    assert REFUSED in client.get("/login/").content.decode()
    assert REFUSED in _password_step(Client()).content.decode()
    assert AuditEvent.objects.filter(action="auth.second_factor_refused").count() == 3
    assert AuditEvent.objects.filter(action="auth.account_locked").count() == 1


def test_a_correct_password_does_not_reset_the_count_of_wrong_codes(clock: Any, settings: Any) -> None:
    # Otherwise whoever has the password could guess codes for ever, a few per password step.
    settings.LOGIN_LOCKOUT_THRESHOLD = 3
    totp = _device(UserFactory(username="staff"))
    client = Client()
    _password_step(client)
    for _ in range(2):
        client.post("/login/verify/", {"code": _wrong(totp.now())})
    client = Client()
    assert _password_step(client)["Location"] == "/login/verify/"
    assert client.post("/login/verify/", {"code": _wrong(totp.now())})["Location"] == "/login/"
    assert REFUSED in _password_step(Client()).content.decode()


def test_a_locked_account_is_refused_at_the_code_step_even_with_the_right_code(
    client: Client, clock: Any, settings: Any
) -> None:
    settings.LOGIN_LOCKOUT_THRESHOLD = 3
    totp = _device(UserFactory(username="staff"))
    _password_step(client)  # waiting for the code while someone else locks the account
    for _ in range(3):
        Client(REMOTE_ADDR="203.0.113.9").post("/login/", {"username": "staff", "password": "wrong"})
    response = client.post("/login/verify/", {"code": totp.now()})
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


# --- Administrators must have a second factor ---------------------------------


HELD_PAGES = [
    "/",
    "/home/admin/",
    "/eligibility/rules/",
    "/admin/",
    "/admin/accounts/user/",
    "/admin/audit/auditevent/",
]


def test_an_administrator_without_a_device_is_sent_to_enrolment_and_held_there(
    client: Client, clock: Any
) -> None:
    UserFactory(username="staff", role=Role.ADMIN)
    assert _password_step(client, next_url="/admin/")["Location"] == "/account/two-step/"
    for path in HELD_PAGES:
        assert client.get(path)["Location"] == "/account/two-step/", path
    assert client.get("/api/treatments/").status_code == 401
    assert client.get("/login/verify/")["Location"] == "/account/two-step/"
    page = client.get("/account/two-step/").content.decode()
    assert "Administrators must use two-step sign-in" in page
    device = TotpDevice.objects.get(user__username="staff")
    response = client.post("/account/two-step/", {"code": pyotp.TOTP(device.secret).now()})
    assert response["Location"] == "/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/home/admin/").status_code == 200


@pytest.mark.parametrize("path", [*HELD_PAGES, "/api/treatments/"])
def test_an_administrator_session_without_the_mark_is_refused(client: Client, path: str) -> None:
    admin = UserFactory(username="staff", role=Role.ADMIN)
    _device(admin)
    client.force_login(admin)  # signed in, but never passed the code step
    response = client.get(path)
    if path.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response["Location"] == "/login/verify/"


def test_an_administrator_session_without_the_mark_reaches_only_the_two_step_pages_and_sign_out(
    client: Client, clock: Any
) -> None:
    admin = UserFactory(username="staff", role=Role.ADMIN)
    totp = _device(admin)
    client.force_login(admin)
    assert client.get("/account/two-step/")["Location"] == "/login/verify/"
    assert client.get("/login/verify/").status_code == 200
    key_before = client.session.session_key
    assert client.post("/login/verify/", {"code": totp.now()})["Location"] == "/"
    assert client.session.session_key != key_before
    assert client.get("/admin/").status_code == 200
    other = Client()
    other.force_login(admin)
    assert other.post("/logout/")["Location"] == "/login/"


def test_other_roles_are_not_held_without_a_device(client_for: Callable[[Role], Client]) -> None:
    assert client_for(Role.CLINICIAN).get("/home/clinician/").status_code == 200


# --- Turning it off, and an administrator's reset -----------------------------


def test_codes_in_other_digits_are_form_errors_at_enrolment_and_turning_off(
    client_for: Callable[[Role], Client], clock: Any
) -> None:
    client = client_for(Role.CLINICIAN)
    client.get("/account/two-step/")
    response = client.post("/account/two-step/", {"code": "１２３４５６"})
    assert response.status_code == 200
    assert "Enter the code with the digits 0 to 9" in response.content.decode()
    device = TotpDevice.objects.get()
    client.post("/account/two-step/", {"code": pyotp.TOTP(device.secret).now()})
    response = client.post("/account/two-step/disable/", {"code": "١٢٣٤٥٦"}, follow=True)
    assert response.status_code == 200
    assert "Enter the code with the digits 0 to 9, as your app shows it. Two-step sign-in stays on." in (
        response.content.decode()
    )
    assert TotpDevice.objects.filter(confirmed_at__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="auth.second_factor_refused").exists()


def test_turning_it_off_needs_a_current_code(client_for: Callable[[Role], Client], clock: Any) -> None:
    client = client_for(Role.CLINICIAN)
    totp = _device(User.objects.get(username="test-clinician"))
    response = client.post("/account/two-step/disable/", {"code": _wrong(totp.now())}, follow=True)
    assert "stays on" in response.content.decode()
    assert TotpDevice.objects.exists()
    assert AuditEvent.objects.filter(action="auth.second_factor_refused").count() == 1
    response = client.post("/account/two-step/disable/", {"code": totp.now()}, follow=True)
    assert "Two-step sign-in is off." in response.content.decode()
    # The page it lands on offers a new set-up, with a new secret.
    assert not TotpDevice.objects.filter(confirmed_at__isnull=False).exists()
    assert TotpDevice.objects.get().secret != totp.secret
    assert AuditEvent.objects.filter(action="otp.disabled").count() == 1


def test_guessing_codes_to_turn_it_off_ends_the_session_at_the_lock(
    client_for: Callable[[Role], Client], clock: Any, settings: Any
) -> None:
    settings.LOGIN_LOCKOUT_THRESHOLD = 3
    client = client_for(Role.CLINICIAN)
    totp = _device(User.objects.get(username="test-clinician"))
    for _ in range(2):
        assert (
            client.post("/account/two-step/disable/", {"code": _wrong(totp.now())})["Location"]
            == "/account/two-step/"
        )
    assert client.post("/account/two-step/disable/", {"code": _wrong(totp.now())})["Location"] == "/login/"
    assert "_auth_user_id" not in client.session
    assert TotpDevice.objects.exists()


def test_an_administrator_cannot_turn_it_off(client_for: Callable[[Role], Client], clock: Any) -> None:
    client = client_for(Role.ADMIN)
    totp = _device(User.objects.get(username="test-admin"))
    response = client.post("/account/two-step/disable/", {"code": totp.now()}, follow=True)
    assert "Administrators must keep two-step sign-in" in response.content.decode()
    assert TotpDevice.objects.exists()


def test_an_administrator_resets_a_lost_device_from_the_user_admin(
    client_for: Callable[[Role], Client], clock: Any
) -> None:
    colleague = UserFactory(username="staff", role=Role.ADMIN)
    _device(colleague)
    client = client_for(Role.ADMIN)
    response = client.post(
        "/admin/accounts/user/", {"action": "reset_two_step", "_selected_action": [colleague.pk]}
    )
    assert response.status_code == 302
    assert not TotpDevice.objects.filter(user=colleague).exists()
    event = AuditEvent.objects.get(action="otp.reset")
    assert (event.actor.username, event.object_id, event.data) == (
        "test-admin",
        str(colleague.pk),
        {"had_device": True},
    )
    # The colleague sets it up again at the next sign-in.
    assert _password_step(Client())["Location"] == "/account/two-step/"


def test_an_administrator_cannot_reset_their_own_device(client_for: Callable[[Role], Client]) -> None:
    client = client_for(Role.ADMIN)
    admin = User.objects.get(username="test-admin")
    _device(admin)
    response = client.post(
        "/admin/accounts/user/", {"action": "reset_two_step", "_selected_action": [admin.pk]}, follow=True
    )
    assert "Your own two-step sign-in was not reset" in response.content.decode()
    assert TotpDevice.objects.filter(user=admin).exists()
    assert not AuditEvent.objects.filter(action="otp.reset").exists()


# --- Secrets and codes stay out of logs, URLs and the audit trail -------------


def test_no_secret_or_code_reaches_logs_urls_or_the_audit_trail(
    client: Client, clock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    UserFactory(username="staff", role=Role.ADMIN)
    locations = [_password_step(client)["Location"]]
    client.get("/account/two-step/")
    secret = TotpDevice.objects.get().secret
    totp = pyotp.TOTP(secret)
    codes = [_wrong(totp.now()), totp.now()]
    locations += [client.post("/account/two-step/", {"code": code}).get("Location", "") for code in codes]
    client.post("/logout/")
    clock.shift(30)
    codes += [_wrong(totp.now()), totp.now()]
    locations.append(_password_step(client)["Location"])
    locations += [client.post("/login/verify/", {"code": code}).get("Location", "") for code in codes[2:]]
    assert locations[-1] == "/"
    trail = " ".join(f"{e.action} {e.object_type} {e.object_id} {e.data}" for e in AuditEvent.objects.all())
    for text in (secret, *codes):
        assert text not in caplog.text
        assert text not in trail
        assert all(text not in location for location in locations)
