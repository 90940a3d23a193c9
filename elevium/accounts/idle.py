"""Automatic logoff: the session's last activity, and what counts as activity.

The time of the last request a person made is kept in the session. IdleTimeoutMiddleware signs
the session out when it is older than IDLE_TIMEOUT_SECONDS; base.html also carries a
``<meta http-equiv="refresh">`` that takes an idle tab to the idle page (no script: the CSP
forbids inline scripts), so a screen left open does not go on showing records.

What does *not* count as activity (a choice, tested in tests/accounts/test_idle_logout.py):

* a page reloading itself (the batch progress page's ``<meta http-equiv="refresh">``, whose
  URL carries ``?auto-refresh=1``): otherwise a progress page left open, or stuck on a batch
  whose worker is down, would keep a session alive for ever with nobody at the screen;
* the idle page itself, which an idle tab's refresh lands on.

Both are still checked: once the session is idle, such a request is signed out like any other.

The time is written to the session at most once per ``activity_write_interval()`` (a minute at
the default timeout), not on every request: a session write is a database UPDATE. The stored
time is therefore never later than the real last activity, so the logoff can come up to that
interval early, never late.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils import timezone

LAST_ACTIVITY_KEY = "elevium_last_activity"
AUTO_REFRESH_PARAM = "auto-refresh"
PASSIVE_ATTR = "elevium_passive"
# The client-side refresh fires this long after the server-side limit, so that when it arrives
# the server already counts the session as idle.
CLIENT_GRACE_SECONDS = 5

V = TypeVar("V", bound=Callable[..., Any])


def passive(view: V) -> V:
    """Requests to this view do not count as activity (they are made by the page, not a person)."""
    setattr(view, PASSIVE_ATTR, True)
    return view


def is_passive(request: HttpRequest, view: Callable[..., Any]) -> bool:
    return getattr(view, PASSIVE_ATTR, False) or request.GET.get(AUTO_REFRESH_PARAM) == "1"


def activity_write_interval() -> int:
    return max(1, settings.IDLE_TIMEOUT_SECONDS // 15)


def now_seconds() -> int:
    return int(timezone.now().timestamp())


def idle_seconds(session: SessionBase) -> int | None:
    """Seconds since the last recorded activity, or None when none is recorded yet."""
    last = session.get(LAST_ACTIVITY_KEY)
    return now_seconds() - last if isinstance(last, int) else None


def activity_record_now(session: SessionBase) -> None:
    session[LAST_ACTIVITY_KEY] = now_seconds()


def activity_record(session: SessionBase, *, passive: bool) -> None:
    """Note a request. A passive one only starts the clock of a session that has none (one
    signed in before this feature, or by a test's force_login), so it can never extend it."""
    idle = idle_seconds(session)
    if idle is None or (not passive and idle >= activity_write_interval()):
        activity_record_now(session)


def idle_logout_message() -> str:
    minutes = max(1, round(settings.IDLE_TIMEOUT_SECONDS / 60))
    return f"You were signed out after {minutes} minute{'s' if minutes != 1 else ''} of inactivity."
