from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from elevium.lib.typed_json import parsed, store
from reassessment.documents import ReassessmentDocument

from .engine import CandidacyReport


class Evaluation(models.Model):
    """One run of the candidacy engine over a stored reassessment: a record, never recomputed.

    It keeps the exact input (the document as evaluated), the ruleset's version and content
    hash, and the report, so a reviewer sees what the engine saw and said, and a later
    evaluation can be compared against it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reassessment = models.ForeignKey(
        "reassessment.Reassessment", on_delete=models.PROTECT, related_name="evaluations"
    )
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="evaluations")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(
        "BatchRun", on_delete=models.PROTECT, null=True, blank=True, related_name="evaluations"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    as_of = models.DateField()
    reassessment_revision = models.PositiveIntegerField()
    input_snapshot = models.JSONField()
    ruleset_version = models.CharField(max_length=32)
    ruleset_hash = models.CharField(max_length=64)
    report = models.JSONField()
    urgent_safety_flag = models.BooleanField(default=False)
    # {"tms": "eligible", ...}: the engine's statuses, for lists and change summaries without the report.
    statuses = models.JSONField()
    # Set when one of the patient's coverages was added, changed or ended after this evaluation:
    # its prior-authorization gaps were worked out against coverage that no longer holds.
    coverage_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["reassessment", "-created_at"], name="evaluation_reassessment_time")]
        constraints = [
            # A batch evaluates each reassessment once, so a rerun of the task cannot duplicate.
            models.UniqueConstraint(
                fields=["batch", "reassessment"],
                condition=models.Q(batch__isnull=False),
                name="evaluation_once_per_batch",
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluation {self.id}"

    @property
    def report_model(self) -> CandidacyReport:
        """``report`` as the engine's model: the one the engine returned when this evaluation was
        just built, else parsed once from the stored JSON."""
        return parsed(self, "report", CandidacyReport)

    @report_model.setter
    def report_model(self, report: CandidacyReport) -> None:
        store(self, "report", report)

    @property
    def input_document(self) -> ReassessmentDocument:
        """``input_snapshot``, the document as evaluated, validated."""
        return parsed(self, "input_snapshot", ReassessmentDocument)


class DecisionKind(models.TextChoices):
    # The clinician agrees with the engine's conclusion for this treatment.
    ACCEPT = "accept", "Accept"
    # The clinician's conclusion differs; the engine's output is kept unchanged beside it.
    OVERRIDE = "override", "Override"


class Decision(models.Model):
    """A clinician's acceptance or override of one treatment's conclusion. The latest per
    treatment is the current one; earlier ones remain as history."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="decisions")
    treatment = models.CharField(max_length=16)
    kind = models.CharField(max_length=16, choices=DecisionKind.choices)
    engine_status = models.CharField(max_length=32)
    # The clinician's own conclusion when overriding.
    clinician_status = models.CharField(max_length=32, blank=True)
    reason = models.TextField(max_length=4000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    # Set when a re-evaluation left the treatment's status unchanged and carried the clinician's
    # decision forward: the decision it copies (who decided, and why, stay theirs).
    carried_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="carried_to"
    )

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.treatment} on {self.evaluation_id}"


class BatchStatus(models.TextChoices):
    # Requested; waiting for a worker (re-sent by the sweep if the broker was down).
    QUEUED = "queued", "Queued"
    # A worker has claimed it and is evaluating.
    RUNNING = "running", "Running"
    # Every reassessment was evaluated.
    DONE = "done", "Done"
    # Stopped by an error; evaluations already saved stay.
    FAILED = "failed", "Failed"


class BatchRun(models.Model):
    """Re-evaluation of every current reassessment, e.g. after a ruleset change, run by a worker."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    ruleset_version = models.CharField(max_length=32, blank=True)
    ruleset_hash = models.CharField(max_length=64, blank=True)
    # {"tms": {"eligible->needs_information": 3, ...}, ...}: counts only, no patient data.
    changes = models.JSONField(default=dict, blank=True)
    error_class = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One batch at a time: each re-evaluates every reassessment (~20 KB a report), so a
            # second one queued beside it doubles the work and the storage for nothing. The
            # service checks first; this settles two requests that pass the check together.
            models.UniqueConstraint(
                models.Value(True),
                condition=models.Q(status__in=["queued", "running"]),
                name="batch_one_at_a_time",
                violation_error_message="A re-evaluation is already queued or running.",
            ),
        ]

    def __str__(self) -> str:
        return f"Batch {self.id}"

    @property
    def percent(self) -> int:
        return (
            100
            if self.total == 0 and self.status == BatchStatus.DONE
            else int(100 * self.processed / max(self.total, 1))
        )
