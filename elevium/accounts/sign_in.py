"""The session side of signing in: the pending second step, the second-factor mark, completion.

Signing in with a second factor takes two requests. The password step does not log the user
in: it stores a *pending* marker (user id, where to go next, an expiry) in a freshly keyed
session, and only the code step calls ``auth_login``, which rotates the session key again. A
session whose user passed a code (at sign-in, at enrolment, or when asked again) carries the
second-factor mark that SecondFactorMiddleware requires of administrators.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils import timezone

from elevium.audit.services import audit_record

from .idle import activity_record_now
from .models import User
from .roles import Role

PENDING_KEY = "elevium_pending_sign_in"
SECOND_FACTOR_KEY = "elevium_second_factor_verified"


def _now() -> int:
    return int(timezone.now().timestamp())


def second_factor_step(user: User, *, has_device: bool) -> str | None:
    """What follows a correct password: "verify" a code, "enrol" a device (administrators must
    have one), or None to sign in at once."""
    if has_device:
        return "verify"
    if user.role == Role.ADMIN:
        return "enrol"
    return None


def pending_sign_in_start(request: HttpRequest, *, user: User, next_url: str) -> None:
    # A new key now, so a session id planted before the password step is worthless after it.
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "next": next_url,
        "expires_at": _now() + settings.TWO_STEP_PENDING_SECONDS,
    }


def pending_sign_in(request: HttpRequest) -> tuple[User | None, dict[str, Any] | None, bool]:
    """The user waiting for the code step, its marker, and whether a marker had expired.

    An expired marker, or one naming a user who can no longer sign in, is removed.
    """
    marker = request.session.get(PENDING_KEY)
    if not isinstance(marker, dict):
        return None, None, False
    if marker.get("expires_at", 0) <= _now():
        pending_sign_in_clear(request)
        return None, None, True
    user_id = marker.get("user_id")
    user = User.objects.filter(pk=user_id, is_active=True).first() if isinstance(user_id, int) else None
    if user is None:
        pending_sign_in_clear(request)
        return None, None, False
    return user, marker, False


def pending_sign_in_seconds_left(marker: dict[str, Any]) -> int:
    return max(0, int(marker.get("expires_at", 0)) - _now())


def pending_sign_in_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def sign_in_complete(request: HttpRequest, *, user: User, backend: str | None, second_factor: bool) -> None:
    """Log ``user`` in: a new session key, the second-factor mark when a code was passed, a fresh
    activity time, and the audit event. django-axes clears the failure counts on the
    user_logged_in signal (AXES_RESET_ON_SUCCESS)."""
    pending_sign_in_clear(request)
    auth_login(request, user, backend=backend)  # rotates the session key (cycle_key)
    if second_factor:
        request.session[SECOND_FACTOR_KEY] = True
    activity_record_now(request.session)
    audit_record(actor=user, action="auth.signed_in", data={"second_factor": second_factor})


def second_factor_mark_verified(session: SessionBase) -> None:
    """The signed-in user has just passed a code (enrolment or a repeated check): rotate the key,
    as at any change of privilege, and mark the session."""
    session.cycle_key()
    session[SECOND_FACTOR_KEY] = True


def second_factor_verified(session: SessionBase) -> bool:
    return session.get(SECOND_FACTOR_KEY) is True


def second_factor_unmark(session: SessionBase) -> None:
    session.pop(SECOND_FACTOR_KEY, None)


def sign_out(request: HttpRequest, *, action: str, data: dict[str, Any] | None = None) -> None:
    """End the session for a reason worth recording (idle, lockout), audited before it ends."""
    user = request.user
    audit_record(actor=user, action=action, obj=user if isinstance(user, User) else None, data=data)
    auth_logout(request)
