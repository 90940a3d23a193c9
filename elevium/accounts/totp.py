"""Time-based one-time codes (RFC 6238 through pyotp): enrolment, checking, disabling, reset.

Codes are 6 digits for 30-second steps, accepted one step either side of the server's clock
(pyotp's ``valid_window=1``) for phones whose clock drifts. Each accepted code moves the
device's ``last_used_timestep`` forward with a conditional UPDATE, so the same code (or an older
one) is refused even when two requests race with it. Neither secrets nor codes are logged,
audited or put in URLs.
"""

from __future__ import annotations

import datetime as dt
import hmac

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from elevium.audit.services import audit_record

from .models import TotpDevice, User
from .roles import Role

DIGITS = 6
INTERVAL = 30
VALID_WINDOW = 1


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL)


def normalise_code(code: str) -> str:
    """What people type: '123 456' and '123-456' are '123456'."""
    return "".join(ch for ch in code if ch not in " -\t")


def matching_timestep(*, secret: str, code: str, now: dt.datetime) -> int | None:
    """The time step whose code ``code`` is, within the window, or None.

    This is pyotp's ``verify(code, valid_window=1)``, which answers only yes or no; the step is
    needed to refuse a replayed code.
    """
    code = normalise_code(code)
    # isascii(): isdigit() alone passes full-width digits, which compare_digest refuses with a TypeError.
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    totp = _totp(secret)
    current = totp.timecode(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def confirmed_device(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def has_confirmed_device(user: User) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


@transaction.atomic
def totp_enrolment_start(*, user: User, now: dt.datetime | None = None) -> TotpDevice:
    """The user's unconfirmed device, created with a new secret if there is none.

    Reused across page loads so that reloading the enrolment page does not invalidate a
    secret the user has already scanned. A confirmed device is returned as it is.
    """
    device, _ = TotpDevice.objects.select_for_update().get_or_create(
        user=user, defaults={"secret": pyotp.random_base32(), "created_at": now or timezone.now()}
    )
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user: User, code: str, now: dt.datetime | None = None) -> bool:
    """Confirm the user's new device with a code from it. Returns whether the code matched."""
    now = now or timezone.now()
    device = TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    if device is None:
        return False
    step = matching_timestep(secret=device.secret, code=code, now=now)
    if step is None:
        return False
    device.confirmed_at = now
    device.last_used_timestep = step
    device.save(update_fields=["confirmed_at", "last_used_timestep"])
    audit_record(actor=user, action="otp.enrolled", obj=device)
    return True


def totp_check(*, user: User, code: str, now: dt.datetime | None = None) -> bool:
    """Whether ``code`` is a current, not yet used code of the user's confirmed device.

    A match uses the code up: the conditional UPDATE succeeds for one request only.
    """
    now = now or timezone.now()
    device = confirmed_device(user)
    if device is None:
        return False
    step = matching_timestep(secret=device.secret, code=code, now=now)
    if step is None:
        return False
    claimed = TotpDevice.objects.filter(
        pk=device.pk, confirmed_at__isnull=False, last_used_timestep__lt=step
    ).update(last_used_timestep=step)
    return claimed == 1


@transaction.atomic
def totp_disable(*, user: User, code: str, now: dt.datetime | None = None) -> bool:
    """Turn two-step sign-in off with a current code. Returns whether it was turned off.

    Administrators cannot: the second factor is required for them (reset by another administrator).
    """
    if user.role == Role.ADMIN or not totp_check(user=user, code=code, now=now):
        return False
    TotpDevice.objects.filter(user=user).delete()
    audit_record(actor=user, action="otp.disabled", obj=user)
    return True


@transaction.atomic
def totp_reset(*, actor: User, user: User) -> bool:
    """An administrator removes ``user``'s device (lost phone): they enrol again at next sign-in
    (administrators must; others may). Returns whether there was one."""
    deleted, _ = TotpDevice.objects.filter(user=user).delete()
    audit_record(actor=actor, action="otp.reset", obj=user, data={"had_device": bool(deleted)})
    return bool(deleted)


def provisioning_uri(device: TotpDevice) -> str:
    return _totp(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=settings.TOTP_ISSUER
    )


def qr_code_svg(device: TotpDevice) -> SafeString:
    """The enrolment QR code as an inline ``<svg>``: no script, no image request, no inline style
    (segno draws with presentation attributes only), so a strict CSP allows it."""
    svg = segno.make(provisioning_uri(device), error="m", micro=False).svg_inline(
        scale=5, border=4, title="QR code for your authenticator app", svgclass="qr-code", lineclass=None
    )
    # segno builds the markup from the QR matrix and the escaped title; nothing user-typed is in it.
    return mark_safe(svg)  # noqa: S308


def secret_for_display(device: TotpDevice) -> SafeString:
    """The secret in groups of four, for typing into an app that cannot scan."""
    secret = device.secret
    return format_html("{}", " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)))
