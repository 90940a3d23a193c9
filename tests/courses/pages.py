"""What the course page tests share: a signed-in client per user, queries counted around a GET,
and slots booked for today at the clinic."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from courses.models import Course
from courses.services import slot_book
from elevium.accounts.models import User

ZONE = ZoneInfo("America/New_York")


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queries_for(client: Client, url: str) -> tuple[Any, int]:
    """The page and its query count, after a first visit (which saves the new session)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response, len(captured.captured_queries)


def today_local() -> dt.date:
    return dt.datetime.now(ZONE).date()


def book_today(actor: User, course: Course, hour: int, room: str) -> Any:
    starts = dt.datetime.combine(today_local(), dt.time(hour), tzinfo=ZONE)
    return slot_book(actor=actor, course=course, starts_at=starts, room=room)
