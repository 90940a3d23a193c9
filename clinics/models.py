from __future__ import annotations

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


def validate_clinic_time_zone(value: str) -> None:
    """An IANA zone name ("America/Chicago"): the clinic's clocks (a monitoring form's 7 days)."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError("Enter a time zone such as America/Chicago.") from None


class Clinic(models.Model):
    """A site whose patients its own staff, and only they, may see.

    Every patient belongs to exactly one clinic; a member of staff belongs to one or more
    (``user.clinics``). Administrators need no membership: they see no patient records.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    code = models.SlugField(max_length=32, unique=True, help_text="Short code shown beside the name.")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="clinics", blank=True)
    # Where the clinic's day starts and ends: deadlines counted in local days (courses.clinical.pmf).
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_clinic_time_zone]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
