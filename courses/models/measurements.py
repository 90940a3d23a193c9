"""Outcome measurements of a course: PHQ-9 (and MADRS or HAM-D17 where recorded)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .courses import Course


class ScaleName(models.TextChoices):
    PHQ9 = "phq9", "PHQ-9"
    MADRS = "madrs", "MADRS"
    HAMD17 = "hamd17", "HAM-D17"


SCALE_MAX = {ScaleName.PHQ9: 27, ScaleName.MADRS: 60, ScaleName.HAMD17: 52}


class Measurement(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="measurements")
    scale = models.CharField(max_length=8, choices=ScaleName.choices)
    total = models.PositiveSmallIntegerField()
    # PHQ-9 item 9 (self-harm thoughts): ≥ 1 needs a C-SSRS (criteria.md §5.1).
    item9 = models.PositiveSmallIntegerField(null=True, blank=True)
    measured_on = models.DateField()
    baseline = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["course", "scale", "measured_on", "id"]
        indexes = [models.Index(fields=["course", "scale", "measured_on"], name="measurement_course_scale")]
        constraints = [
            models.CheckConstraint(condition=Q(scale__in=ScaleName.values), name="measurement_scale_valid"),
            models.CheckConstraint(
                condition=Q(scale="phq9", total__lte=27)
                | Q(scale="madrs", total__lte=60)
                | Q(scale="hamd17", total__lte=52),
                name="measurement_total_in_range",
            ),
            models.CheckConstraint(
                condition=Q(item9__isnull=True) | Q(scale="phq9", item9__lte=3), name="measurement_item9_phq9"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scale} on {self.course_id}"
