"""Benefits checks: what a payer said it pays for one coverage and treatment."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from treatments.models import TreatmentSlug

from ..estimates import BenefitTerms
from .coverages import Coverage
from .money import MONEY


class CheckMethod(models.TextChoices):
    # A coordinator called the payer.
    PHONE = "phone", "Phone"
    # A coordinator read the payer's portal.
    PORTAL = "portal", "Portal"
    # An electronic gateway (clearinghouse 270/271) filled it in.
    GATEWAY = "gateway", "Gateway"
    # Requested, not yet done: a task for a coordinator (the manual gateway).
    PENDING = "pending", "Pending"


class CoverageStatus(models.TextChoices):
    # The plan is active and covers the treatment.
    ACTIVE = "active", "Active, covered"
    # The plan is active but does not cover the treatment: self-pay.
    NOT_COVERED = "not_covered", "Not covered"
    # The coverage has ended or is not in force.
    INACTIVE = "inactive", "Inactive"
    # Not checked yet.
    UNKNOWN = "unknown", "Unknown"


class BenefitsCheck(models.Model):
    """One benefits check for a coverage and a treatment; the latest completed one is current."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    coverage = models.ForeignKey(Coverage, on_delete=models.PROTECT, related_name="benefits_checks")
    treatment = models.CharField(max_length=16, choices=TreatmentSlug.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    method = models.CharField(max_length=16, choices=CheckMethod.choices)
    coverage_status = models.CharField(
        max_length=16, choices=CoverageStatus.choices, default=CoverageStatus.UNKNOWN
    )
    pa_required = models.BooleanField(null=True, blank=True)
    deductible = models.DecimalField(default=Decimal("0"), **MONEY)
    deductible_met = models.DecimalField(default=Decimal("0"), **MONEY)
    coinsurance_pct = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    copay = models.DecimalField(default=Decimal("0"), **MONEY)
    oop_max = models.DecimalField(null=True, blank=True, **MONEY)
    oop_met = models.DecimalField(default=Decimal("0"), **MONEY)
    visit_limit = models.PositiveIntegerField(null=True, blank=True)
    visits_used = models.PositiveIntegerField(default=0)
    reference = models.CharField(max_length=64, blank=True, help_text="Call or portal reference number")
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [
            models.Index(fields=["coverage", "treatment", "-recorded_at"], name="benefits_check_latest")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=CheckMethod.values), name="benefits_check_method_valid"
            ),
            models.CheckConstraint(
                condition=Q(coverage_status__in=CoverageStatus.values), name="benefits_check_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(coinsurance_pct__gte=0) & Q(coinsurance_pct__lte=100),
                name="benefits_check_coinsurance_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Benefits check {self.id}"

    @property
    def is_pending(self) -> bool:
        return self.method == CheckMethod.PENDING

    def terms(self) -> BenefitTerms:
        """The estimate's input. Anything but an active, covering plan is self-pay."""
        return BenefitTerms(
            covered=self.coverage_status == CoverageStatus.ACTIVE,
            deductible=self.deductible,
            deductible_met=self.deductible_met,
            coinsurance_pct=self.coinsurance_pct,
            copay_per_visit=self.copay,
            oop_max=self.oop_max,
            oop_met=self.oop_met,
            visit_limit=self.visit_limit,
            visits_used=self.visits_used,
        )
