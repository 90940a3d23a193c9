"""Account lockout: after LOGIN_LOCKOUT_THRESHOLD consecutive failed sign-ins (wrong passwords
or wrong codes) for a username, refuse that username for LOGIN_LOCKOUT_SECONDS, even with the
right password.

Unlike the cache throttle (throttle.py) the count and the lock live in PostgreSQL, so neither a
restart nor a flushed cache lifts them. Rows are keyed by a keyed hash of the typed username
(models.LoginLockout), so an unknown username is counted, locked and answered exactly like a
real one. The lock is checked before the password, which is then not hashed at all: a locked
attempt costs the same for every username and reveals nothing, not even whether the password
was right.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from elevium.audit.services import audit_record

from .models import LoginLockout, User
from .throttle import login_failures_clear, login_is_throttled

_DIGEST_SALT = "elevium.accounts.lockout"


def _digest(username: str) -> str:
    # Keyed with SECRET_KEY so the table cannot be matched against a list of likely usernames;
    # rotating the key forgets current counts and locks, which last minutes anyway.
    return salted_hmac(_DIGEST_SALT, username.strip().lower(), algorithm="sha256").hexdigest()


def login_lockout_is_locked(*, username: str, now: dt.datetime | None = None) -> bool:
    """Whether sign-in for ``username`` (existing or not) is locked at ``now``."""
    now = now or timezone.now()
    return LoginLockout.objects.filter(username_digest=_digest(username), locked_until__gt=now).exists()


def login_is_locked_or_throttled(*, username: str, client_ip: str) -> bool:
    """Whether a sign-in attempt is refused before its password or code is even checked."""
    return login_is_throttled(username=username, client_ip=client_ip) or login_lockout_is_locked(
        username=username
    )


@transaction.atomic
def login_lockout_failure(*, username: str, now: dt.datetime | None = None) -> bool:
    """Count one failed sign-in for ``username``; lock it when the count reaches the threshold.

    Returns whether this failure locked it. The count restarts once a lock is set, so after the
    lock expires the user has the full number of attempts again.
    """
    now = now or timezone.now()
    # FOR UPDATE: two failures arriving together must both count, or a parallel guesser gets
    # extra attempts for free.
    row, _ = LoginLockout.objects.select_for_update().get_or_create(
        username_digest=_digest(username), defaults={"last_failure_at": now}
    )
    if row.locked_until is not None and row.locked_until > now:
        return False  # refused before the password was checked: not another guess
    row.consecutive_failures += 1
    row.last_failure_at = now
    locked = row.consecutive_failures >= settings.LOGIN_LOCKOUT_THRESHOLD
    if locked:
        row.locked_until = now + dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
        row.consecutive_failures = 0
    row.save(update_fields=["consecutive_failures", "last_failure_at", "locked_until"])
    if locked:
        # The typed name is not recorded; the user's id is, when the name is someone's. The
        # audit trail is for administrators only, so this tells an attacker nothing.
        user = User.objects.filter(username=username).first()
        audit_record(
            actor=None,
            action="auth.account_locked",
            obj=user,
            data={"lockout_id": row.pk, "failures": settings.LOGIN_LOCKOUT_THRESHOLD},
        )
    return locked


def login_lockout_clear(*, username: str) -> None:
    """A successful sign-in: the next failure starts a new count."""
    LoginLockout.objects.filter(username_digest=_digest(username)).delete()


@transaction.atomic
def login_lockout_unlock(*, actor: User, user: User) -> bool:
    """An administrator lifts a lock (and the failure count) on ``user``. Returns whether one was set."""
    deleted, _ = LoginLockout.objects.filter(username_digest=_digest(user.username)).delete()
    # The per-username throttle would otherwise keep refusing for the rest of its window.
    login_failures_clear(username=user.username)
    audit_record(actor=actor, action="auth.account_unlocked", obj=user, data={"was_locked": bool(deleted)})
    return bool(deleted)


def login_lockout_until(*, user: User, now: dt.datetime | None = None) -> dt.datetime | None:
    """When ``user``'s current lock ends, or None: for the user admin page."""
    now = now or timezone.now()
    row = LoginLockout.objects.filter(username_digest=_digest(user.username), locked_until__gt=now).first()
    return row.locked_until if row is not None else None
