from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from .roles import Role


class User(AbstractUser):
    """A member of clinic staff. Exactly one role; only administrators reach the admin site."""

    role = models.CharField(max_length=32, choices=Role.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            # Django's staff and superuser flags open the admin site: keep them for administrators.
            models.CheckConstraint(
                condition=Q(role=Role.ADMIN) | Q(is_staff=False, is_superuser=False),
                name="user_staff_only_admin",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else ""


class TotpDevice(models.Model):
    """A user's authenticator app (RFC 6238: 30-second steps, 6 digits). One per user.

    Unconfirmed until the user proves the scan with a code; only a confirmed device is asked
    for at sign-in. The secret never leaves the enrolment page and is not in the admin site.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(max_length=64, editable=False)  # base32, 160 bits
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time step whose code was accepted: that code, and any older one, is refused, so a
    # code seen over a shoulder or in a proxy log cannot be replayed within its 90-second window.
    last_used_timestep = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"authenticator of user #{self.user_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
