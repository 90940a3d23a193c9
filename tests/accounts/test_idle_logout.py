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


def test_the_progress_page_refreshes_itself_with_the_auto_refresh_marker_first(
    client_for: Callable[[Role], Client], running_batch: BatchRun
) -> None:
    page = client_for(Role.REVIEWER).get(f"/eligibility/batches/{running_batch.id}/").content.decode()
    own = page.index('<meta http-equiv="refresh" content="2; url=?auto-refresh=1">')
    idle = page.index(f'<meta http-equiv="refresh" content="{IDLE + 5}; url=/session/idle/">')
    # A document obeys only its first refresh tag: the page's own must come first.
    assert own < idle


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


def test_every_signed_in_page_sends_an_idle_tab_to_the_idle_page(
    client: Client, client_for: Callable[[Role], Client]
) -> None:
    meta = f'<meta http-equiv="refresh" content="{IDLE + 5}; url=/session/idle/">'
    assert meta in client_for(Role.CLINICIAN).get("/home/clinician/").content.decode()
    assert meta in client_for(Role.ADMIN).get("/home/admin/").content.decode()
    assert "http-equiv" not in client.get("/login/").content.decode()


def test_the_idle_page_signs_out_an_idle_session(client_for: Callable[[Role], Client], clock: Any) -> None:
    client = client_for(Role.CLINICIAN)
    client.get("/home/clinician/")
    clock.shift(IDLE + 5)  # when base.html's refresh fires
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
    clock.shift(IDLE + 5 - 600)  # this tab's refresh fires
    response = client.get("/session/idle/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are still signed in" in page
    # The other tab was used 305 s ago: 595 s left, plus the grace.
    assert '<meta http-equiv="refresh" content="600; url=/session/idle/">' in page
    assert 'http-equiv="refresh" content="905' in page  # base.html's, second and so not obeyed
    clock.shift(600)  # the idle tab comes back; no one used the other one
    response = client.get("/session/idle/")
    assert response["Location"] == "/login/"


def test_the_idle_page_sends_the_signed_out_to_sign_in(client: Client) -> None:
    response = client.get("/session/idle/")
    assert response["Location"] == "/login/"
