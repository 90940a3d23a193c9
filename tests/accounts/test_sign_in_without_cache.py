"""Signing in while Redis is down: the cache is pointed at a port where nothing listens, a real
unreachable Redis (not a mock), and every sign-in path still answers, throttled from PostgreSQL.

Before django-axes' database handler every sign-in read the cache first, so all of them were
500s during a Redis outage.
"""

from __future__ import annotations

import socket
from typing import Any

import pyotp
import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from elevium.accounts.models import TotpDevice
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REFUSED = "Too many failed sign-in attempts"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


@pytest.fixture(autouse=True)
def _redis_unreachable(settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }
    settings.LOGIN_LOCKOUT_THRESHOLD = 3
    # The premise: anything that reads the cache now fails, as it did during the outage.
    with pytest.raises(redis.ConnectionError):
        cache.get("anything")


def _sign_in(client: Client, username: str, password: str) -> Any:
    return client.post("/login/", {"username": username, "password": password})


def test_sign_in_works_with_the_cache_unreachable(client: Client) -> None:
    UserFactory(username="staff", role=Role.CLINICIAN)
    assert client.get("/login/").status_code == 200
    response = _sign_in(client, "staff", PASSWORD)
    assert response["Location"] == "/"
    assert client.get("/home/clinician/").status_code == 200
    assert client.post("/logout/").status_code == 302


def test_wrong_passwords_are_counted_and_lock_from_the_database(client: Client) -> None:
    UserFactory(username="staff")
    for _ in range(3):
        response = _sign_in(client, "staff", "wrong")
        assert response.status_code == 200
        assert "That username and password do not match" in response.content.decode()
    response = _sign_in(Client(REMOTE_ADDR="198.51.100.4"), "staff", PASSWORD)
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.account_locked").count() == 1


def test_the_code_step_works_with_the_cache_unreachable(client: Client) -> None:
    admin = UserFactory(username="staff", role=Role.ADMIN)
    secret = pyotp.random_base32()
    TotpDevice.objects.create(
        user=admin, secret=secret, created_at=timezone.now(), confirmed_at=timezone.now()
    )
    assert _sign_in(client, "staff", PASSWORD)["Location"] == "/login/verify/"
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"
    assert "That code is not valid" in client.post("/login/verify/", {"code": wrong}).content.decode()
    assert client.post("/login/verify/", {"code": pyotp.TOTP(secret).now()})["Location"] == "/"
    assert client.get("/home/admin/").status_code == 200


def test_an_administrator_unlocks_with_the_cache_unreachable(client_for: Any) -> None:
    user = UserFactory(username="staff")
    for _ in range(3):
        _sign_in(Client(), "staff", "wrong")
    response = client_for(Role.ADMIN).post(
        "/admin/accounts/user/", {"action": "unlock_sign_in", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302
    assert _sign_in(Client(), "staff", PASSWORD)["Location"] == "/"
