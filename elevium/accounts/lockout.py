"""Account lockout through django-axes: after LOGIN_LOCKOUT_THRESHOLD failed sign-ins (wrong
passwords or wrong codes) for a username, refuse that username for LOGIN_LOCKOUT_SECONDS after
the last failure, even with the right password.

Axes keeps the counts in PostgreSQL (AccessAttempt rows, one per username, address and browser),
so signing in needs no cache, and neither a restart nor a flushed or unreachable Redis lifts or
sets a lock. It counts per username (all addresses together) and per username and address;
never per address alone, which behind a proxy would let one address refuse the whole clinic.

What this module adds to axes:

- The username axes stores and counts is a keyed hash of the typed one (``username_digest``),
  so an unknown username is counted, locked and answered exactly like a real one, and no typed
  text (sometimes a password typed into the wrong box) is stored.
- The lock is checked before the password (forms.py), which is then not hashed at all: a locked
  attempt costs the same for every username and reveals nothing.
- Wrong two-step codes count like wrong passwords (``login_code_failure``).
- Locks are audited; an administrator's unlock clears every count for the username and is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from elevium.audit.services import audit_record

from .models import User

_DIGEST_SALT = "elevium.accounts.lockout"


def _digest(username: str) -> str:
    # Keyed with SECRET_KEY so the table cannot be matched against a list of likely usernames;
    # rotating the key forgets current counts and locks, which last minutes anyway.
    return salted_hmac(_DIGEST_SALT, username.strip().lower(), algorithm="sha256").hexdigest()


# --- Called by django-axes (settings.AXES_*) ---------------------------------


def username_digest(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: what axes counts by, from the credentials or the posted form."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return _digest(str(username)) if username is not None else None


def failure_limit(request: HttpRequest | None = None, credentials: dict[str, Any] | None = None) -> int:
    """AXES_FAILURE_LIMIT."""
    return int(settings.LOGIN_LOCKOUT_THRESHOLD)


def cool_off(request: HttpRequest | None = None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: a failure counts, and a lock lasts, this long after the last failure."""
    return dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse | None:
    """AXES_LOCKOUT_CALLABLE: the page already says what happened. The failure that sets a lock is
    answered like any wrong password, and later attempts get the form's neutral refusal, the
    same for every username (forms.refused_message)."""
    return original_response


# --- The sign-in views' side -----------------------------------------------


def login_is_locked(request: HttpRequest, *, username: str) -> bool:
    """Whether a sign-in attempt for ``username`` (existing or not) is refused before its
    password or code is even checked."""
    return bool(AxesProxyHandler.is_locked(request, {"username": username}))


def login_failure_counted(request: HttpRequest, *, username: str) -> bool:
    """After axes has counted a failure for ``username`` (a user_login_failed signal in this
    request): audit the lock if this failure set one. Returns whether it did."""
    if not getattr(request, "axes_locked_out", False):
        return False
    # The typed name is not recorded; the user's id is, when the name is someone's. The audit
    # trail is for administrators only, so this tells an attacker nothing.
    user = User.objects.filter(username=username).first()
    audit_record(
        actor=None,
        action="auth.account_locked",
        obj=user,
        data={"failures": failure_limit()},
    )
    return True


@transaction.atomic
def login_code_failure(request: HttpRequest, *, user: User) -> bool:
    """Count a wrong two-step code like a wrong password. Returns whether it locked the username."""
    username = user.get_username()
    # The signal Django sends for a wrong password, so axes counts both the same way.
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return login_failure_counted(request, username=username)


# --- The user admin's side ---------------------------------------------------


def login_lockout_until(*, user: User, now: dt.datetime | None = None) -> dt.datetime | None:
    """When ``user``'s current lock ends, or None: for the user admin page.

    Axes locks while the failures recorded within the cool-off period add up to the limit; each
    row holds the time of its last failure. Newest first, the row whose failures reach the limit
    is the one whose ageing out ends the lock. (The per username and address count never exceeds
    the per username one, so the username's rows decide.)
    """
    now = now or timezone.now()
    period = cool_off()
    rows = (
        AccessAttempt.objects.filter(username=_digest(user.get_username()), attempt_time__gte=now - period)
        .order_by("-attempt_time")
        .values_list("attempt_time", "failures_since_start")
    )
    total = 0
    for attempt_time, failures in rows:
        total += failures
        if total >= failure_limit():
            until: dt.datetime = attempt_time + period
            return until
    return None


@transaction.atomic
def login_lockout_unlock(*, actor: User, user: User) -> bool:
    """An administrator lifts a lock on ``user``: every count for the username, from every
    address, goes, so nothing keeps refusing it. Returns whether it was locked."""
    was_locked = login_lockout_until(user=user) is not None
    AxesProxyHandler.reset_attempts(username=_digest(user.get_username()))
    audit_record(actor=actor, action="auth.account_unlocked", obj=user, data={"was_locked": was_locked})
    return was_locked
