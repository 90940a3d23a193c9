from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from elevium.lib.typed_json import parsed, store

from .documents import ReassessmentDocument
from .transitions import EDITABLE, Status


class ReassessmentStatus(models.TextChoices):
    DRAFT = Status.DRAFT, "Draft"
    COMPLETE = Status.COMPLETE, "Complete"
    SIGNED = Status.SIGNED, "Signed"
    AMENDED = Status.AMENDED, "Amended (replaced)"


class Reassessment(models.Model):
    """One version of a patient's comprehensive re-evaluation.

    ``document`` is the validated ``ReassessmentDocument`` as JSON; ``computed`` is what
    ``reassessment.computed.compute`` derived from it when it was last saved, so lists and the
    engine read the same figures the clinician saw. ``revision`` counts saves: a write that
    names an older revision is refused (409) instead of overwriting someone else's change.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="reassessments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=16, choices=ReassessmentStatus.choices, default=ReassessmentStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    assessed_on = models.DateField()
    document = models.JSONField()
    computed = models.JSONField()
    safety_flag = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-version", "-created_at"]
        indexes = [models.Index(fields=["patient", "-assessed_on"], name="reassessment_patient_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReassessmentStatus.values), name="reassessment_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.SIGNED, Status.AMENDED]) | Q(signed_at__isnull=False),
                name="reassessment_signed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Reassessment {self.id} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def document_model(self) -> ReassessmentDocument:
        """``document`` validated (a version-1 document upgraded in memory, never rewritten):
        parsed once, then passed on as the model."""
        return parsed(self, "document", ReassessmentDocument)

    @document_model.setter
    def document_model(self, document: ReassessmentDocument) -> None:
        store(self, "document", document)


class SafetyActionKind(models.TextChoices):
    # Same-day evaluation by a mental-health professional.
    CRISIS_EVALUATION = "crisis_evaluation", "Same-day crisis evaluation"
    # Sent to emergency services or an emergency department.
    EMERGENCY_REFERRAL = "emergency_referral", "Emergency referral"
    # Admitted or referred for inpatient care.
    HOSPITALIZATION = "hospitalization", "Hospitalization arranged"
    # Safety plan written or revised with the patient, means restriction discussed.
    SAFETY_PLAN = "safety_plan", "Safety plan completed with the patient"
    # Clinician assessed and documents why no further action is needed now.
    CLINICIAN_REVIEW = "clinician_review", "Clinician reviewed; rationale documented"


class SafetyAction(models.Model):
    """What a clinician did about a raised safety flag. The banner stays until one exists."""

    reassessment = models.ForeignKey(Reassessment, on_delete=models.PROTECT, related_name="safety_actions")
    kind = models.CharField(max_length=32, choices=SafetyActionKind.choices)
    note = models.TextField(max_length=4000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.reassessment_id}"


class ScoreObservation(models.Model):
    """One dated scale score, kept per patient for the history and the trend chart.

    Rewritten from the document on every save of a draft, so it never disagrees with it.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="score_observations"
    )
    reassessment = models.ForeignKey(
        Reassessment, on_delete=models.CASCADE, related_name="score_observations"
    )
    scale = models.CharField(max_length=16)  # phq9, madrs, hamd17
    administered_on = models.DateField()
    total = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=32)
    item9 = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["administered_on", "id"]
        indexes = [
            models.Index(fields=["patient", "scale", "administered_on"], name="score_patient_scale_date")
        ]

    def __str__(self) -> str:
        return f"{self.scale} {self.total} on {self.administered_on}"
