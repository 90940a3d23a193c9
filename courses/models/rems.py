"""The Spravato REMS: its requirements as catalog data, patients' enrolments, and the Patient
Monitoring Form each outpatient session needs, with its filing clock and reminders."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from .sessions import Session


class RemsRequirementCode(models.TextChoices):
    # Outpatient settings enrol the patient before the first dose (criteria.md §2.4).
    ENROLMENT_BEFORE_FIRST_DOSE = "enrolment_before_first_dose", "Patient enrolled before the first dose"
    # A Patient Monitoring Form after every session (outpatient; inpatient exempt).
    MONITORING_FORM = "monitoring_form", "Patient Monitoring Form after every session"
    # The form is filed within this many days of the session.
    MONITORING_FORM_FILING_DAYS = "monitoring_form_filing_days", "Monitoring form filing window (days)"
    # Direct observation for at least this many minutes; a clinician clears discharge.
    MINIMUM_OBSERVATION_MINUTES = "minimum_observation_minutes", "Minimum observation after dosing (minutes)"


class RemsRequirement(models.Model):
    """One REMS requirement as the clinic applies it, stamped with the REMS version it reflects.
    A REMS change is an admin edit (a new version's rows made active), not a code change."""

    code = models.CharField(max_length=48, choices=RemsRequirementCode.choices)
    rems_version = models.CharField("REMS version", max_length=32, help_text="e.g. 12/31/2024")
    active = models.BooleanField(default=True)
    required = models.BooleanField(default=True)
    value = models.PositiveIntegerField(
        null=True, blank=True, help_text="Days or minutes, where the code has one."
    )
    description = models.TextField(max_length=2000)
    source = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "-rems_version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "rems_version"], name="rems_requirement_unique_per_version"
            ),
            # One live row per requirement.
            models.UniqueConstraint(
                fields=["code"], condition=Q(active=True), name="rems_requirement_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} (REMS {self.rems_version})"


class RemsEnrolment(models.Model):
    """The patient's enrolment in the Spravato REMS, recorded before the first dose."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.OneToOneField(
        "patients.Patient", on_delete=models.PROTECT, related_name="rems_enrolment"
    )
    enrolled_on = models.DateField()
    reference = models.CharField(max_length=64, blank=True, help_text="The REMS patient enrolment number.")
    rems_version = models.CharField(max_length=32)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"REMS enrolment {self.id}"


class MonitoringForm(models.Model):
    """The Patient Monitoring Form of one Spravato session: content generated from the session,
    due within the REMS window (counted in the clinic's zone), reminded until filed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.OneToOneField(Session, on_delete=models.PROTECT, related_name="monitoring_form")
    rems_version = models.CharField(max_length=32)
    window_days = models.PositiveSmallIntegerField()
    last_day = models.DateField()
    due_at = models.DateTimeField(db_index=True)
    remind_at = models.DateTimeField(db_index=True)
    content = models.JSONField(default=dict, blank=True, help_text="As filed.")
    filed_at = models.DateTimeField(null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmation = models.CharField(max_length=64, blank=True, help_text="The REMS portal's confirmation.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["remind_at"], condition=Q(filed_at__isnull=True), name="pmf_unfiled_remind"),
        ]

    def __str__(self) -> str:
        return f"Monitoring form {self.id}"

    @property
    def filed(self) -> bool:
        return self.filed_at is not None


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class MonitoringFormReminder(models.Model):
    """A reminder sent for a form: at most one of each kind per form (the sweep's idempotency)."""

    form = models.ForeignKey(MonitoringForm, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "kind"], name="pmf_reminder_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.form_id}"
