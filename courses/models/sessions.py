"""Sessions as given, each signed by the member of staff who gave it, and the schedule's slots.

One table for the three treatments: the per-treatment fields are empty where they do not apply
(a TMS session has no dose in mg). Observations after dosing (Spravato, ketamine) are added to
the same row; a clinician clears discharge.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from .courses import Course


class TmsProtocol(models.TextChoices):
    # 10 Hz left DLPFC, 3,000 pulses (criteria.md §3.2).
    HZ10 = "10hz", "10 Hz"
    # Intermittent theta burst, 600 pulses, about 3 minutes (criteria.md §3.2).
    ITBS = "itbs", "iTBS"


class AdverseEvent(models.TextChoices):
    NONE = "", "None"
    # Either stops the course pending a clinician's review (criteria.md §3.4).
    SEIZURE = "seizure", "Seizure"
    SYNCOPE = "syncope", "Syncope"


class BpDecision(models.TextChoices):
    # Pre-dose BP at or below 140/90: nothing to decide.
    NOT_NEEDED = "", "Not needed"
    # Above 140/90: the clinician weighed the risk and dosing went ahead (criteria.md §2.4).
    PROCEED = "proceed", "Proceed after weighing the risk"
    # Above 140/90: dosing deferred until the BP is controlled.
    DEFER = "defer", "Defer dosing"


class Severity(models.TextChoices):
    NONE = "none", "None"
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class Route(models.TextChoices):
    IV = "iv", "Intravenous"
    IM = "im", "Intramuscular"


class Session(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    given_at = models.DateTimeField()
    # The signature: who gave it. Never edited after recording.
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    billing_codes = models.JSONField(default=list, blank=True)
    checks = models.JSONField(default=list, blank=True, help_text="Pre-session check ids met when recorded.")
    side_effects = models.TextField(blank=True, max_length=2000)
    adverse_event = models.CharField(max_length=16, choices=AdverseEvent.choices, blank=True)
    notes = models.TextField(blank=True, max_length=4000)
    # TMS (criteria.md §3.2, §7.3).
    motor_threshold_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    motor_threshold_redetermined = models.BooleanField(default=False)
    intensity_percent_mt = models.PositiveSmallIntegerField(null=True, blank=True)
    pulses = models.PositiveIntegerField(null=True, blank=True)
    coil = models.CharField(max_length=100, blank=True)
    target = models.CharField(max_length=100, blank=True)
    tms_protocol = models.CharField(max_length=8, choices=TmsProtocol.choices, blank=True)
    # Spravato and ketamine: pre-dose blood pressure and the > 140/90 decision (criteria.md §2.4).
    bp_pre_systolic = models.PositiveSmallIntegerField(null=True, blank=True)
    bp_pre_diastolic = models.PositiveSmallIntegerField(null=True, blank=True)
    bp_decision = models.CharField(max_length=8, choices=BpDecision.choices, blank=True)
    bp_decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    heart_rate = models.PositiveSmallIntegerField(null=True, blank=True)
    # Spravato.
    dose_mg = models.PositiveSmallIntegerField(null=True, blank=True)
    # Ketamine (criteria.md §4.1).
    weight_kg = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    dose_mg_per_kg = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    route = models.CharField(max_length=4, choices=Route.choices, blank=True)
    infusion_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    # After dosing (Spravato, ketamine): ~40-minute and pre-discharge BP, sedation, dissociation, SpO2.
    bp_40_systolic = models.PositiveSmallIntegerField(null=True, blank=True)
    bp_40_diastolic = models.PositiveSmallIntegerField(null=True, blank=True)
    bp_discharge_systolic = models.PositiveSmallIntegerField(null=True, blank=True)
    bp_discharge_diastolic = models.PositiveSmallIntegerField(null=True, blank=True)
    sedation = models.CharField(max_length=8, choices=Severity.choices, blank=True)
    dissociation = models.CharField(max_length=8, choices=Severity.choices, blank=True)
    spo2_lowest = models.PositiveSmallIntegerField(null=True, blank=True)
    transport_arranged = models.BooleanField(default=False)
    discharge_cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    discharge_cleared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course", "number"]
        indexes = [models.Index(fields=["given_at"], name="session_given_at")]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="session_number_unique"),
            models.CheckConstraint(
                condition=Q(adverse_event__in=AdverseEvent.values), name="session_adverse_event_valid"
            ),
            models.CheckConstraint(
                condition=Q(dose_mg__isnull=True) | Q(dose_mg__in=[28, 56, 84]),
                name="session_spravato_dose_valid",
            ),
            models.CheckConstraint(
                condition=Q(spo2_lowest__isnull=True) | Q(spo2_lowest__lte=100), name="session_spo2_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.number} of {self.course_id}"

    @property
    def discharged(self) -> bool:
        return self.discharge_cleared_at is not None


class DeferredDose(models.Model):
    """A dose not given: the pre-dose BP was above 140/90 and a clinician deferred dosing
    (criteria.md §2.4). No session number is used, no unit drawn, no monitoring form opened."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="deferrals")
    # The session that would have been given (the next one stays this number).
    number = models.PositiveSmallIntegerField()
    deferred_at = models.DateTimeField()
    bp_pre_systolic = models.PositiveSmallIntegerField()
    bp_pre_diastolic = models.PositiveSmallIntegerField()
    reason = models.TextField(max_length=2000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "deferred_at"]

    def __str__(self) -> str:
        return f"Deferred dose {self.number} of {self.course_id}"


class SlotStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    # The session was recorded against it.
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"
    # The clinician deferred the dose for a blood pressure above 140/90: nothing was given.
    DEFERRED = "deferred", "Dose deferred"


class SessionSlot(models.Model):
    """A booked time on the clinic's schedule, by room or chair; the session recorded fills it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    room = models.CharField(max_length=60, blank=True, help_text="Room or chair.")
    status = models.CharField(max_length=16, choices=SlotStatus.choices, default=SlotStatus.BOOKED)
    session = models.OneToOneField(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="slot"
    )
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "room"]
        indexes = [models.Index(fields=["starts_at"], name="slot_starts_at")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SlotStatus.values), name="slot_status_valid")
        ]

    def __str__(self) -> str:
        return f"Slot {self.id}"
