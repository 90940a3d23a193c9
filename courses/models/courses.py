"""A treatment course: from an approved PA case (or self-pay) to completion, with its decisions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..clinical.next_steps import NEXT_KINDS


class CourseStatus(models.TextChoices):
    # Started from an approval, no session given yet.
    PLANNED = "planned", "Planned"
    # Sessions are being given (TMS acute, Spravato induction, ketamine series).
    ACTIVE = "active", "Active"
    # Sessions tapered off after an acute course (TMS 3, 2, 1 a week).
    TAPER = "taper", "Taper"
    # Continuation or maintenance dosing (Spravato week 9+, TMS or ketamine maintenance).
    CONTINUATION = "continuation", "Continuation or maintenance"
    # A seizure or syncope stopped sessions until a clinician reviews the course.
    PAUSED = "paused", "Stopped pending review"
    # All planned sessions given and the clinician closed the course.
    COMPLETED = "completed", "Completed"
    # Ended early, with the reason recorded.
    STOPPED = "stopped", "Stopped"


# Who may move a course where (services.courses); sessions are recorded in the giving statuses.
COURSE_TRANSITIONS: dict[str, frozenset[str]] = {
    CourseStatus.PLANNED: frozenset({CourseStatus.ACTIVE, CourseStatus.STOPPED}),
    CourseStatus.ACTIVE: frozenset(
        {
            CourseStatus.TAPER,
            CourseStatus.CONTINUATION,
            CourseStatus.PAUSED,
            CourseStatus.COMPLETED,
            CourseStatus.STOPPED,
        }
    ),
    CourseStatus.TAPER: frozenset(
        {CourseStatus.CONTINUATION, CourseStatus.PAUSED, CourseStatus.COMPLETED, CourseStatus.STOPPED}
    ),
    CourseStatus.CONTINUATION: frozenset({CourseStatus.PAUSED, CourseStatus.COMPLETED, CourseStatus.STOPPED}),
    CourseStatus.PAUSED: frozenset(
        {CourseStatus.ACTIVE, CourseStatus.TAPER, CourseStatus.CONTINUATION, CourseStatus.STOPPED}
    ),
    CourseStatus.COMPLETED: frozenset(),
    CourseStatus.STOPPED: frozenset(),
}
GIVING_STATUSES = frozenset(
    {CourseStatus.PLANNED, CourseStatus.ACTIVE, CourseStatus.TAPER, CourseStatus.CONTINUATION}
)
OPEN_STATUSES = GIVING_STATUSES | {CourseStatus.PAUSED}


class SpravatoIndication(models.TextChoices):
    # Treatment-resistant depression: induction, weekly, then maintenance (criteria.md §2.4).
    TRD = "trd", "Treatment-resistant depression"
    # Depressive symptoms with acute suicidal ideation or behaviour: 4 weeks (criteria.md §2.4).
    MDSI = "mdsi", "Depression with acute suicidal ideation or behavior"


class Course(models.Model):
    """One course of one treatment for one patient. Clinic scoping is the patient's."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="courses")
    treatment = models.ForeignKey("treatments.Treatment", on_delete=models.PROTECT, related_name="courses")
    protocol = models.ForeignKey(
        "treatments.Protocol", on_delete=models.PROTECT, null=True, blank=True, related_name="courses"
    )
    # The approval the sessions draw on; empty for a self-paid course.
    pa_case = models.ForeignKey(
        "benefits.PaCase", on_delete=models.PROTECT, null=True, blank=True, related_name="courses"
    )
    self_pay = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=CourseStatus.choices, default=CourseStatus.PLANNED)
    status_reason = models.TextField(blank=True, max_length=2000)
    planned_sessions = models.PositiveSmallIntegerField()
    sessions_done = models.PositiveSmallIntegerField(default=0)
    starts_on = models.DateField()
    spravato_indication = models.CharField(max_length=8, choices=SpravatoIndication.choices, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="courses_owned"
    )
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "created_at"]
        indexes = [models.Index(fields=["patient", "status"], name="course_patient_status")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CourseStatus.values), name="course_status_valid"),
            # Paid one way: an approval or the patient, never both, never neither.
            models.CheckConstraint(
                condition=Q(self_pay=True, pa_case__isnull=True) | Q(self_pay=False, pa_case__isnull=False),
                name="course_paid_one_way",
            ),
            models.CheckConstraint(condition=Q(planned_sessions__gte=1), name="course_planned_positive"),
        ]

    def __str__(self) -> str:
        return f"Course {self.id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class DecisionKind(models.TextChoices):
    EXTEND = NEXT_KINDS[0], "Extend the course"
    TAPER = NEXT_KINDS[1], "Taper"
    MAINTENANCE = NEXT_KINDS[2], "Continuation or maintenance"
    SWITCH = NEXT_KINDS[3], "Switch to another treatment"
    STOP = NEXT_KINDS[4], "Stop"
    CONTINUE = NEXT_KINDS[5], "Continue as planned"


class CourseDecision(models.Model):
    """A clinician's next-step decision, with the proposals shown when it was made. Append-only."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=16, choices=DecisionKind.choices)
    proposals = models.JSONField(default=list, blank=True, help_text="Rule ids proposed at the time.")
    extra_sessions = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True, max_length=2000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    # A switch feeds a new evaluation: the reassessment started from this decision, once started.
    reassessment = models.ForeignKey(
        "reassessment.Reassessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DecisionKind.values), name="course_decision_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.course_id}"


class Relapse(models.Model):
    """A relapse after a responded course: the facts a payer's retreatment criterion reads
    (criteria.md §3.6 L37086: > 50 % response then relapse; §3.7 Aetna: lasting ≥ 2 months)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="relapses")
    best_improvement_percent = models.DecimalField(max_digits=5, decimal_places=1)
    response_on = models.DateField()
    relapse_on = models.DateField()
    months_sustained = models.PositiveSmallIntegerField()
    meets_l37086 = models.BooleanField()
    meets_aetna = models.BooleanField()
    note = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["relapse_on", "id"]

    def __str__(self) -> str:
        return f"Relapse on {self.course_id}"
