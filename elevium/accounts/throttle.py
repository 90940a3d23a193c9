"""Login throttling: after LOGIN_FAILURE_LIMIT failures within the window, refuse further
attempts for that username or that client address until the window passes."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, value: str) -> str:
    # Hashed so that cache keys (and any cache dump) hold no usernames or addresses.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


def _keys(username: str, client_ip: str) -> list[str]:
    return [_key("user", username), _key("ip", client_ip)]


def login_is_throttled(*, username: str, client_ip: str) -> bool:
    counts = cache.get_many(_keys(username, client_ip))
    return any(count >= settings.LOGIN_FAILURE_LIMIT for count in counts.values())


def login_failure_record(*, username: str, client_ip: str) -> None:
    for key in _keys(username, client_ip):
        # add() is a no-op when the key exists, so the window starts at the first failure.
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_failures_clear(*, username: str) -> None:
    cache.delete(_key("user", username))
