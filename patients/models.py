from __future__ import annotations

import uuid

from django.db import models
from django.db.models.functions import Lower


class SexAtBirth(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INTERSEX = "intersex", "Intersex"
    UNKNOWN = "unknown", "Unknown or not recorded"


class Patient(models.Model):
    """The person a reassessment, an evaluation and a prior authorization are about.

    URLs and audit events carry ``id`` (an opaque UUID), never the MRN or the name.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The clinic decides who may see the record (patients.selectors.patient_queryset_for).
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="patients")
    # Unique within a clinic: each site numbers its own records.
    mrn = models.CharField("MRN", max_length=32)
    family_name = models.CharField(max_length=100)
    given_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex_at_birth = models.CharField(max_length=16, choices=SexAtBirth.choices)
    gender_identity = models.CharField(max_length=64, blank=True)
    # Bumped by every saved edit; an edit names the revision it started from (409 when stale).
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(Lower("family_name"), Lower("given_name"), name="patient_name_ci"),
        ]
        constraints = [
            # Case-insensitive, like the service's check ("abc" and "ABC" are one MRN).
            models.UniqueConstraint("clinic", Lower("mrn"), name="patient_mrn_unique_in_clinic"),
            models.CheckConstraint(
                condition=models.Q(sex_at_birth__in=SexAtBirth.values), name="patient_sex_valid"
            ),
        ]

    def __str__(self) -> str:
        # Deliberately not the name: str() ends up in logs, admin messages and error reports.
        return f"Patient {self.id}"

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"
