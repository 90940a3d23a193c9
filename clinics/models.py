from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .npi import npi_problem


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
    The address, phone and fax are the letterhead of the letters the clinic sends payers.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    code = models.SlugField(max_length=32, unique=True, help_text="Short code shown beside the name.")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="clinics", blank=True)
    address = models.TextField(
        max_length=500, blank=True, help_text="Street, city, state and ZIP code, one line each."
    )
    phone = models.CharField(max_length=32, blank=True)
    fax = models.CharField(max_length=32, blank=True)
    # Where the clinic's day starts and ends: deadlines counted in local days (courses.clinical.pmf).
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_clinic_time_zone]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def today(self) -> dt.date:
        """The date at the clinic now: a score or a session dated today means the clinic's today,
        which runs up to a day apart from the server's (UTC) date."""
        return dt.datetime.now(zoneinfo.ZoneInfo(self.time_zone)).date()


def validate_npi(value: str) -> None:
    problem = npi_problem(value)
    if problem:
        raise ValidationError(problem)


class Prescriber(models.Model):
    """What a letter to a payer says of the clinician who signs it: the name as it should be
    printed, the credentials after it and the NPI (its check digit validated)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prescriber")
    display_name = models.CharField(
        max_length=200, blank=True, help_text="As printed under the signature; empty: the user's full name."
    )
    credentials = models.CharField(max_length=100, blank=True, help_text="For example MD, DO or PMHNP-BC.")
    npi = models.CharField("NPI", max_length=10, validators=[validate_npi])

    class Meta:
        ordering = ["user__username"]

    def __str__(self) -> str:
        return f"Prescriber {self.user_id}"
