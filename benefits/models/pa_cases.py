"""Prior-authorization cases, their checklists and their timelines (the state machine is
benefits.transitions)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from treatments.models import TreatmentSlug

from ..transitions import PaStatus
from .coverages import Coverage, CoveragePolicy


class PaCaseStatus(models.TextChoices):
    DRAFT = PaStatus.DRAFT, "Draft"
    DOCUMENTS_NEEDED = PaStatus.DOCUMENTS_NEEDED, "Documents needed"
    READY_TO_SUBMIT = PaStatus.READY_TO_SUBMIT, "Ready to submit"
    SUBMITTED = PaStatus.SUBMITTED, "Submitted"
    PENDING_PAYER = PaStatus.PENDING_PAYER, "Pending payer"
    MORE_INFORMATION_REQUESTED = PaStatus.MORE_INFORMATION_REQUESTED, "More information requested"
    APPROVED = PaStatus.APPROVED, "Approved"
    DENIED = PaStatus.DENIED, "Denied"
    APPEAL = PaStatus.APPEAL, "Appeal"
    WITHDRAWN = PaStatus.WITHDRAWN, "Withdrawn"
    EXPIRED = PaStatus.EXPIRED, "Expired"


class Priority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    HIGH = "high", "High"
    NORMAL = "normal", "Normal"
    LOW = "low", "Low"


class PaCase(models.Model):
    """A prior authorization for one treatment under one coverage, created from an evaluation.

    ``revision`` counts changes: a write naming an older revision is refused (409), so two
    coordinators cannot silently overwrite each other.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="pa_cases")
    evaluation = models.ForeignKey(
        "eligibility.Evaluation", on_delete=models.PROTECT, related_name="pa_cases"
    )
    coverage = models.ForeignKey(Coverage, on_delete=models.PROTECT, related_name="pa_cases")
    policy = models.ForeignKey(
        CoveragePolicy, on_delete=models.PROTECT, null=True, blank=True, related_name="pa_cases"
    )
    treatment = models.CharField(max_length=16, choices=TreatmentSlug.choices)
    status = models.CharField(max_length=32, choices=PaCaseStatus.choices, default=PaCaseStatus.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    # No index of its own: pa_case_owner_status starts with it (one index fewer to update per write).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pa_cases",
        db_index=False,
    )
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    expedited = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decision_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    next_follow_up_at = models.DateTimeField(null=True, blank=True, db_index=True)
    authorization_number = models.CharField(max_length=64, blank=True)
    approved_units = models.PositiveIntegerField(null=True, blank=True)
    used_units = models.PositiveIntegerField(default=0)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["decision_due_at", "created_at"]
        indexes = [
            # The worklist: open statuses, overdue first then due soonest.
            models.Index(fields=["status", "decision_due_at", "created_at"], name="pa_case_worklist"),
            models.Index(fields=["owner", "status"], name="pa_case_owner_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PaCaseStatus.values), name="pa_case_status_valid"),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="pa_case_priority_valid"),
            models.CheckConstraint(
                condition=Q(treatment__in=TreatmentSlug.values), name="pa_case_treatment_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=PaStatus.APPROVED) | ~Q(authorization_number=""),
                name="pa_case_approved_has_number",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="pa_case_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"PA case {self.id}"


class SatisfiedBy(models.TextChoices):
    # Not satisfied.
    NONE = "", "—"
    # Derived from the evaluation and the reassessment.
    AUTO = "auto", "Derived from the record"
    # A coordinator marked it, with evidence in the note.
    COORDINATOR = "coordinator", "Marked by a coordinator"
    # The finalized letter of medical necessity was attached (its item only).
    LETTER = "letter", "The attached letter"


class PaChecklistItem(models.Model):
    case = models.ForeignKey(PaCase, on_delete=models.CASCADE, related_name="checklist")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(max_length=48)
    label = models.TextField(max_length=1000)
    required = models.BooleanField(default=True)
    satisfied = models.BooleanField(default=False)
    satisfied_by = models.CharField(max_length=16, choices=SatisfiedBy.choices, blank=True)
    evidence = models.TextField(blank=True, max_length=2000, help_text="What on record satisfies it")
    closes_with = models.TextField(blank=True, max_length=2000, help_text="What would close it")
    source = models.TextField(max_length=1000, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    # A payer criterion: what the engine found ("met", "unmet"); "" for other items.
    finding = models.CharField(max_length=8, blank=True)
    # Why an item the engine found unmet was marked done anyway (required then; goes to the packet).
    justification = models.TextField(blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "code"], name="pa_checklist_code_unique_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.code} on {self.case_id}"


class PaEventKind(models.TextChoices):
    CREATED = "created", "Created"
    STATUS_CHANGED = "status_changed", "Status changed"
    NOTE = "note", "Note"
    ASSIGNED = "assigned", "Assigned"
    CHECKLIST = "checklist", "Checklist item marked"
    DOCUMENT = "document", "Document attached"
    DOCUMENT_REMOVED = "document_removed", "Document removed"
    APPROVAL = "approval", "Approval recorded"
    REMINDER = "reminder", "Reminder"


class PaEvent(models.Model):
    """The case's timeline. Append-only by convention: services add rows, nothing edits them."""

    # No index of its own: pa_event_case_time starts with it (the sweep writes ~87,000 events).
    case = models.ForeignKey(PaCase, on_delete=models.CASCADE, related_name="events", db_index=False)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=PaEventKind.choices)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True, max_length=4000)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="pa_event_case_time")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PaEventKind.values), name="pa_event_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.case_id}"
