"""Automatic logoff: the session's last activity, and what counts as activity.

The time of the last request a person made is kept in the session. IdleTimeoutMiddleware signs
the session out when it is older than IDLE_TIMEOUT_SECONDS. In the page, idle.js (a file: the
CSP forbids inline scripts) warns ``warning_seconds()`` before the limit; typing or clicking
hides the warning and reports the activity to the keepalive view, and a tab left alone goes to
the idle page once the session has expired, so a screen left open does not go on showing
records. Without scripts the server's limit alone applies, on the next request (no
``<meta http-equiv="refresh">``: a page that reloads itself on a timer fails WCAG 2.2.1).

What does *not* count as activity (a choice, tested in tests/accounts/test_idle_logout.py):

* a page reloading itself (the batch progress page, reloaded by refresh.js with
  ``?auto-refresh=1`` in its URL, as is a keepalive GET that only asks how long is left):
  otherwise a progress page left open, or stuck on a batch whose worker is down, would keep a
  session alive for ever with nobody at the screen;
* the idle page itself, which an idle tab lands on.

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
# The page goes to the idle page this long after the server-side limit, so that when it arrives
# the server already counts the session as idle.
CLIENT_GRACE_SECONDS = 5
# The warning before the logoff: a minute, or a third of a shorter limit.
WARNING_SECONDS = 60

V = TypeVar("V", bound=Callable[..., Any])


def passive(view: V) -> V:
    """Requests to this view do not count as activity (they are made by the page, not a person)."""
    setattr(view, PASSIVE_ATTR, True)
    return view


def is_passive(request: HttpRequest, view: Callable[..., Any]) -> bool:
    return getattr(view, PASSIVE_ATTR, False) or request.GET.get(AUTO_REFRESH_PARAM) == "1"


def activity_write_interval() -> int:
    return max(1, settings.IDLE_TIMEOUT_SECONDS // 15)


def warning_seconds() -> int:
    return min(WARNING_SECONDS, max(1, settings.IDLE_TIMEOUT_SECONDS // 3))


def seconds_left(session: SessionBase) -> int:
    """How long the session has before the server signs it out, as the server counts it."""
    return max(0, settings.IDLE_TIMEOUT_SECONDS - (idle_seconds(session) or 0))


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
