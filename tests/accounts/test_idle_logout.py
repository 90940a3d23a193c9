"""Automatic logoff after IDLE_TIMEOUT_SECONDS without activity, server side and in the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from eligibility.models import BatchRun
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
IDLE = 900  # the default, asserted below so these figures stay honest


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_the_default_limit_is_fifteen_minutes(settings: Any) -> None:
    assert settings.IDLE_TIMEOUT_SECONDS == IDLE


def test_a_page_after_the_limit_signs_out_and_says_why(
    client_for: Callable[[Role], Client], clock: Any
) -> None:
    client = client_for(Role.CLINICIAN)
    assert client.get("/home/clinician/").status_code == 200
    clock.shift(IDLE)
    response = client.get("/patients/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/patients/"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 15 minutes of inactivity." in page
    event = AuditEvent.objects.get(action="session.idle_logout")
    assert (event.actor.username, event.actor_role, event.data) == (
        "test-clinician",
        "clinician",
        {"idle_seconds": IDLE},
    )


def test_an_api_call_after_the_limit_gets_401(client_for: Callable[[Role], Client], clock: Any) -> None:
    client = client_for(Role.CLINICIAN)
    assert client.get("/api/treatments/").status_code == 200
    clock.shift(IDLE + 1)
    response = client.get("/api/treatments/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Signed out after inactivity."}
    assert client.get("/api/treatments/").status_code == 401  # the session is gone, not just refused once


def test_activity_within_the_limit_keeps_the_session(
    client_for: Callable[[Role], Client], clock: Any
) -> None:
    client = client_for(Role.CLINICIAN)
    for _ in range(4):  # an hour in all, never 15 minutes idle
        assert client.get("/home/clinician/").status_code == 200
        clock.shift(IDLE - 60)
    assert client.get("/home/clinician/").status_code == 200


def test_the_session_is_written_at_most_once_a_minute(
    client_for: Callable[[Role], Client], clock: Any
) -> None:
    client = client_for(Role.CLINICIAN)
    client.get("/home/clinician/")

    def session_writes() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/home/clinician/").status_code == 200
        return sum('UPDATE "django_session"' in q["sql"] for q in queries.captured_queries)

    clock.shift(59)
    assert session_writes() == 0
    clock.shift(1)
    assert session_writes() == 1


@pytest.fixture
def running_batch(db: None) -> BatchRun:
    return BatchRun.objects.create(
        requested_by=UserFactory(username="batch-owner", role=Role.REVIEWER), status="running"
    )


def test_the_progress_page_reloads_itself_with_the_auto_refresh_marker_and_no_refresh_tag(
    client_for: Callable[[Role], Client], running_batch: BatchRun
) -> None:
    page = client_for(Role.REVIEWER).get(f"/eligibility/batches/{running_batch.id}/").content.decode()
    # refresh.js reloads it; a timed <meta http-equiv="refresh"> would fail WCAG 2.2.1 (axe meta-refresh).
    assert '<div hidden data-reload-after="2" data-reload-url="?auto-refresh=1"></div>' in page
    assert "js/refresh.js" in page
    assert "http-equiv" not in page


# Decision (accounts/idle.py): a page reloading itself is not a person at the screen, so its
# reloads never extend the session. A progress page left open is signed out like any other.
def test_a_page_reloading_itself_does_not_keep_the_session_alive(
    client_for: Callable[[Role], Client], running_batch: BatchRun, clock: Any
) -> None:
    client = client_for(Role.REVIEWER)
    url = f"/eligibility/batches/{running_batch.id}/"
    assert client.get(url).status_code == 200
    for _ in range(IDLE // 120):  # every 2 minutes up to 14
        clock.shift(120)
        assert client.get(url, {"auto-refresh": "1"}).status_code == 200
    clock.shift(120)  # 16 minutes since the person's last request
    response = client.get(url, {"auto-refresh": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/login/"  # not back to a page nobody asked for
    assert AuditEvent.objects.filter(action="session.idle_logout").count() == 1


def test_the_same_requests_made_by_a_person_do_keep_it_alive(
    client_for: Callable[[Role], Client], running_batch: BatchRun, clock: Any
) -> None:
    client = client_for(Role.REVIEWER)
    url = f"/eligibility/batches/{running_batch.id}/"
    for _ in range(IDLE // 120 + 2):
        assert client.get(url).status_code == 200
        clock.shift(120)


def test_every_signed_in_page_carries_the_idle_warning_and_no_refresh_tag(
    client: Client, client_for: Callable[[Role], Client]
) -> None:
    for role, home in ((Role.CLINICIAN, "/home/clinician/"), (Role.ADMIN, "/home/admin/")):
        page = client_for(role).get(home).content.decode()
        assert f'data-seconds-left="{IDLE}" data-grace="5" data-warn="60" data-interval="60"' in page
        assert 'data-keepalive-url="/session/keepalive/" data-idle-url="/session/idle/"' in page
        assert "js/idle.js" in page
        assert "http-equiv" not in page
    signed_out = client.get("/login/").content.decode()
    assert "http-equiv" not in signed_out and "data-idle-warning" not in signed_out


def test_the_idle_page_signs_out_an_idle_session(client_for: Callable[[Role], Client], clock: Any) -> None:
    client = client_for(Role.CLINICIAN)
    client.get("/home/clinician/")
    clock.shift(IDLE + 5)  # when idle.js sends the tab there
    response = client.get("/session/idle/")
    assert response["Location"] == "/login/"
    assert "signed out after 15 minutes of inactivity" in client.get("/login/").content.decode()
    assert AuditEvent.objects.filter(action="session.idle_logout").count() == 1


def test_the_idle_page_leaves_a_session_used_in_another_tab_and_is_not_activity(
    client_for: Callable[[Role], Client], clock: Any
) -> None:
    client = client_for(Role.CLINICIAN)
    client.get("/home/clinician/")  # this tab, then left alone
    clock.shift(600)
    client.get("/patients/")  # another tab
    clock.shift(IDLE + 5 - 600)  # idle.js sends this tab to the idle page
    response = client.get("/session/idle/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are still signed in" in page
    # The other tab was used 305 s ago: idle.js here counts the 595 s left (then the grace).
    assert 'data-seconds-left="595"' in page
    clock.shift(600)  # the idle tab comes back; no one used the other one
    response = client.get("/session/idle/")
    assert response["Location"] == "/login/"


def test_the_idle_page_sends_the_signed_out_to_sign_in(client: Client) -> None:
    response = client.get("/session/idle/")
    assert response["Location"] == "/login/"


# --- The keepalive view (idle.js): activity from the page, not a read of anyone's record ----------


def test_typing_reported_by_the_page_keeps_the_session_and_says_how_long_is_left(
    client_for: Callable[[Role], Client], clock: Any
) -> None:
    client = client_for(Role.CLINICIAN)
    client.get("/home/clinician/")
    clock.shift(IDLE - 30)  # the warning is up; the clinician types
    response = client.post("/session/keepalive/")
    assert (response.status_code, response.json()) == (200, {"seconds_left": IDLE})
    assert response["Cache-Control"].startswith("max-age=0")
    clock.shift(IDLE - 1)
    assert client.get("/patients/").status_code == 200


def test_asking_how_long_is_left_is_not_activity(client_for: Callable[[Role], Client], clock: Any) -> None:
    client = client_for(Role.CLINICIAN)
    client.get("/home/clinician/")
    clock.shift(600)
    response = client.get("/session/keepalive/", {"auto-refresh": "1"})
    assert response.json() == {"seconds_left": IDLE - 600}
    clock.shift(IDLE - 600)
    assert client.get("/patients/")["Location"] == "/login/?next=/patients/"


def test_the_keepalive_never_revives_a_session_the_server_ended(
    client_for: Callable[[Role], Client], clock: Any
) -> None:
    client = client_for(Role.CLINICIAN)
    client.get("/home/clinician/")
    clock.shift(IDLE)
    response = client.post("/session/keepalive/")
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="session.idle_logout").count() == 1


def test_the_keepalive_records_no_audit_event_and_needs_a_signed_in_user(
    client: Client, client_for: Callable[[Role], Client]
) -> None:
    for role in Role:
        assert client_for(role).post("/session/keepalive/").status_code == 200, role
    assert not AuditEvent.objects.exists()
    assert client.post("/session/keepalive/")["Location"].startswith("/login/")


def test_the_keepalive_refuses_a_post_without_the_csrf_token(client_for: Callable[[Role], Client]) -> None:
    client = client_for(Role.CLINICIAN)
    client.handler.enforce_csrf_checks = True
    assert client.post("/session/keepalive/").status_code == 403
