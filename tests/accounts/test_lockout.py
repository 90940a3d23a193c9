"""Account lockout (django-axes, database handler): failed sign-ins lock a username for a while,
counted per username and per username and client address, never per address alone."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

THRESHOLD = 3
REFUSED = "Too many failed sign-in attempts"
START = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _lockout_settings(settings: Any) -> None:
    settings.LOGIN_LOCKOUT_THRESHOLD = THRESHOLD
    settings.LOGIN_LOCKOUT_SECONDS = 900


def _sign_in(client: Client, username: str, password: str) -> Any:
    return client.post("/login/", {"username": username, "password": password})


def _fail(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        response = _sign_in(client, username, "wrong")
        assert "That username and password do not match" in response.content.decode()


def test_consecutive_failures_lock_the_account_even_with_the_right_password(client: Client) -> None:
    UserFactory(username="staff")
    _fail(client, "staff", THRESHOLD)
    response = _sign_in(client, "staff", PASSWORD)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_kept_in_the_database_and_survives_a_flushed_cache(client: Client) -> None:
    UserFactory(username="staff")
    _fail(client, "staff", THRESHOLD)
    cache.clear()  # what a Redis restart does to anything kept in the cache
    assert AccessAttempt.objects.get().failures_since_start == THRESHOLD
    assert REFUSED in _sign_in(client, "staff", PASSWORD).content.decode()


def test_the_lock_ends_after_the_lockout_period(client: Client, settings: Any) -> None:
    UserFactory(username="staff")
    with time_machine.travel(START, tick=False) as traveller:
        _fail(client, "staff", THRESHOLD)
        traveller.shift(settings.LOGIN_LOCKOUT_SECONDS - 1)
        assert REFUSED in _sign_in(client, "staff", PASSWORD).content.decode()
        traveller.shift(2)
        assert _sign_in(client, "staff", PASSWORD)["Location"] == "/"


def test_a_successful_sign_in_resets_the_count(settings: Any) -> None:
    UserFactory(username="staff")
    _fail(Client(), "staff", THRESHOLD - 1)
    assert _sign_in(Client(), "staff", PASSWORD).status_code == 302
    _fail(Client(), "staff", THRESHOLD - 1)
    assert _sign_in(Client(), "staff", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def _normalised(response: Any, username: str) -> tuple[int, str]:
    body = response.content.decode().replace(username, "USERNAME")
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)
    return response.status_code, body


def test_an_unknown_username_gets_exactly_the_answers_a_real_one_gets() -> None:
    UserFactory(username="staff")
    real, unknown = Client(REMOTE_ADDR="198.51.100.1"), Client(REMOTE_ADDR="198.51.100.2")
    attempts = ["wrong"] * THRESHOLD + [PASSWORD, "wrong"]
    real_answers = [_normalised(_sign_in(real, "staff", pw), "staff") for pw in attempts]
    unknown_answers = [_normalised(_sign_in(unknown, "nobody", pw), "nobody") for pw in attempts]
    assert real_answers == unknown_answers
    assert REFUSED in real_answers[THRESHOLD][1]  # the right password, refused like the rest
    # Counted under a keyed hash of the typed name, never the name itself.
    stored = set(AccessAttempt.objects.values_list("username", flat=True))
    assert len(stored) == 2 and not stored & {"staff", "nobody"}
    assert all(
        "staff" not in data and "nobody" not in data
        for data in AccessAttempt.objects.values_list("post_data", flat=True)
    )


class CountingHasher(MD5PasswordHasher):
    """Counts password hashings: the cost that would let a stopwatch tell usernames apart."""

    hashings = 0

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.hashings += 1
        return super().encode(password, salt)


def _cost(client: Client, username: str, password: str) -> tuple[int, int]:
    CountingHasher.hashings = 0
    with CaptureQueriesContext(connection) as queries:
        _sign_in(client, username, password)
    return CountingHasher.hashings, len(queries)


def test_real_and_unknown_usernames_cost_the_same_before_and_after_the_lock(settings: Any) -> None:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    UserFactory(username="staff")
    real, unknown = Client(REMOTE_ADDR="198.51.100.1"), Client(REMOTE_ADDR="198.51.100.2")
    real_costs = [_cost(real, "staff", "wrong") for _ in range(THRESHOLD + 1)]
    unknown_costs = [_cost(unknown, "nobody", "wrong") for _ in range(THRESHOLD + 1)]
    assert real_costs == unknown_costs
    # One hashing per attempt until the lock; none once locked, whatever the username.
    assert [hashings for hashings, _ in real_costs] == [1] * THRESHOLD + [0]


def test_a_lock_is_audited_with_ids_only() -> None:
    user = UserFactory(username="staff")
    _fail(Client(REMOTE_ADDR="198.51.100.1"), "staff", THRESHOLD)
    _fail(Client(REMOTE_ADDR="198.51.100.2"), "nobody", THRESHOLD)
    real, unknown = AuditEvent.objects.filter(action="auth.account_locked").order_by("id")
    assert (real.actor, real.object_type, real.object_id) == (None, "accounts.user", str(user.pk))
    assert (unknown.object_type, unknown.object_id) == ("", "")
    for event in (real, unknown):
        assert event.data == {"failures": THRESHOLD}
        assert "staff" not in str(event.data) and "nobody" not in str(event.data)
    refused = AuditEvent.objects.filter(action="auth.sign_in_refused")
    assert all(event.data == {} for event in refused)


def test_a_refused_attempt_on_a_locked_account_is_audited_as_such(client: Client) -> None:
    UserFactory(username="staff")
    _fail(client, "staff", THRESHOLD)
    _sign_in(client, "staff", PASSWORD)
    last = AuditEvent.objects.filter(action="auth.sign_in_refused").order_by("-id").first()
    assert last is not None and last.data == {"reason": "locked"}


def _admin_client(client_for: Any) -> Client:
    return client_for(Role.ADMIN)


def test_an_administrator_unlocks_an_account_from_the_user_admin(client_for: Any) -> None:
    user = UserFactory(username="staff")
    _fail(Client(), "staff", THRESHOLD)
    admin_client = _admin_client(client_for)
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()
    assert "Locked until" in page
    response = admin_client.post(
        "/admin/accounts/user/", {"action": "unlock_sign_in", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(action="auth.account_unlocked")
    assert (event.actor.role, event.object_id, event.data) == (Role.ADMIN, str(user.pk), {"was_locked": True})
    assert _sign_in(Client(), "staff", PASSWORD)["Location"] == "/"


def test_only_administrators_reach_the_unlock_action(client_for: Any) -> None:
    user = UserFactory(username="staff")
    _fail(Client(), "staff", THRESHOLD)
    response = client_for(Role.REVIEWER).post(
        "/admin/accounts/user/", {"action": "unlock_sign_in", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert AccessAttempt.objects.exists()
    assert REFUSED in _sign_in(Client(), "staff", PASSWORD).content.decode()


# --- Behind the HTTPS proxy: counted by the client's address, never by the address alone -------

PROXY = "10.0.0.2"


def _behind_proxy(address: str, *, written_by_client: str = "") -> Client:
    """A client at ``address`` reaching the app through one proxy, which appends the address it
    saw to whatever X-Forwarded-For the client sent."""
    forwarded = f"{written_by_client}, {address}" if written_by_client else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def test_failures_from_one_address_behind_the_proxy_lock_out_no_one_else(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="staff")
    UserFactory(username="colleague")
    # What kept the whole clinic out: failures from one address, for made-up usernames, while
    # every user reaches the app from the proxy's address.
    for attempt in range(THRESHOLD * 4):
        attacker = _behind_proxy("203.0.113.9", written_by_client=f"192.0.2.{attempt}")
        _sign_in(attacker, f"made-up-{attempt % 2}", "wrong")
    assert _sign_in(_behind_proxy("198.51.100.4"), "staff", PASSWORD)["Location"] == "/"
    # No count per address alone: even the attacker's address signs in a real user.
    assert _sign_in(_behind_proxy("203.0.113.9"), "colleague", PASSWORD)["Location"] == "/"
    # Counted by the address the proxy saw, not the ones the client wrote.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def test_a_guesser_changing_address_still_meets_the_username_count(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="staff")
    for attempt in range(THRESHOLD):
        _fail(_behind_proxy(f"203.0.113.{attempt}"), "staff", 1)
    assert REFUSED in _sign_in(_behind_proxy("198.51.100.4"), "staff", PASSWORD).content.decode()


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="staff")
    for attempt in range(THRESHOLD - 1):
        _fail(Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}"), "staff", 1)
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [
        ("203.0.113.9", THRESHOLD - 1)
    ]


def test_a_success_clears_the_counts_from_every_address(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="staff")
    _fail(_behind_proxy("203.0.113.9"), "staff", THRESHOLD - 1)
    assert _sign_in(_behind_proxy("198.51.100.4"), "staff", PASSWORD)["Location"] == "/"
    assert not AccessAttempt.objects.exists()
    _fail(_behind_proxy("203.0.113.9"), "staff", THRESHOLD - 1)
    assert _sign_in(_behind_proxy("203.0.113.9"), "staff", PASSWORD)["Location"] == "/"


def test_unlock_clears_everything_that_refuses_the_user(client_for: Any, settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory(username="staff")
    _fail(_behind_proxy("203.0.113.9"), "staff", THRESHOLD - 1)
    _fail(_behind_proxy("198.51.100.4"), "staff", 1)
    for address in ("203.0.113.9", "198.51.100.4", "198.51.100.5"):
        assert REFUSED in _sign_in(_behind_proxy(address), "staff", PASSWORD).content.decode()
    response = _admin_client(client_for).post(
        "/admin/accounts/user/", {"action": "unlock_sign_in", "_selected_action": [user.pk]}, follow=True
    )
    assert "Unlocked 1 of 1 selected users" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    # The address that failed most signs in at once; nothing else was left to refuse it.
    assert _sign_in(_behind_proxy("203.0.113.9"), "staff", PASSWORD)["Location"] == "/"
