"""A PA case's letter of medical necessity: the narrative the clinician edits, every saved
version kept, finalized once (immutable after; an explicit amend starts a new version)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .pa_cases import PaCase


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINALIZED = "finalized", "Finalized"


class Letter(models.Model):
    """One per case. ``revision`` counts writes: a write naming an older one is refused (409).
    ``attached_version`` is the finalized version a coordinator put into the PA packet."""

    case = models.OneToOneField(PaCase, on_delete=models.CASCADE, related_name="letter")
    status = models.CharField(max_length=16, choices=LetterStatus.choices, default=LetterStatus.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    finalized_version = models.PositiveIntegerField(null=True, blank=True)
    finalized_at = models.DateTimeField(null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attached_version = models.PositiveIntegerField(null=True, blank=True)
    attached_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(status__in=LetterStatus.values), name="letter_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=LetterStatus.FINALIZED) | Q(finalized_version__isnull=False),
                name="letter_finalized_has_version",
            ),
        ]

    def __str__(self) -> str:
        return f"Letter of {self.case_id}"


class LetterVersion(models.Model):
    """One saved narrative, never changed after: the text the clinician wrote and, when a payer
    criterion is unmet, their justification (printed in the letter)."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    narrative = models.TextField(max_length=20_000)
    justification = models.TextField(max_length=4_000, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["letter", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "number"], name="letter_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.letter_id}"
