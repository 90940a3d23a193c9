"""A patient's coverages, and what a payer or plan asks for each treatment (its policy)."""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from eligibility.engine.models import CoveragePolicy as EngineCoveragePolicy
from eligibility.engine.models import PolicyRequirements
from treatments.models import TreatmentSlug

from .payers import Payer, Plan, TimeframeFields, timeframe_constraints


class CoverageRank(models.TextChoices):
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"


class Coverage(models.Model):
    """A patient's membership of a plan over a period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="coverages")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="coverages")
    member_id = models.CharField(max_length=64)
    group_number = models.CharField(max_length=64, blank=True)
    rank = models.CharField(max_length=16, choices=CoverageRank.choices, default=CoverageRank.PRIMARY)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)  # None: open-ended
    # Counts edits: an edit naming an older revision is refused (409), so of two people editing
    # the same coverage the second is told instead of silently overwriting the first.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["patient", "rank", "-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(rank__in=CoverageRank.values), name="coverage_rank_valid"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="coverage_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        # Not the member id: str() ends up in logs.
        return f"Coverage {self.id}"


class CoveragePolicy(TimeframeFields):
    """What one payer (or one of its plans) asks for one treatment: the engine's policy input
    plus the documents, codes and decision timeframes a prior authorization needs."""

    payer = models.ForeignKey(Payer, on_delete=models.CASCADE, null=True, blank=True, related_name="policies")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="policies")
    treatment = models.CharField(max_length=16, choices=TreatmentSlug.choices)
    name = models.CharField(max_length=160)
    pa_required = models.BooleanField(default=True)
    covered = models.BooleanField(default=True, help_text="Unticked: not covered, self-pay")
    # Mirrors eligibility.engine.models.PolicyRequirements field by field.
    min_failed_trials = models.PositiveSmallIntegerField(null=True, blank=True)
    min_classes = models.PositiveSmallIntegerField(null=True, blank=True)
    psychotherapy_required = models.BooleanField(default=False)
    severe_episode_only = models.BooleanField(default=False)
    phq9_within_days = models.PositiveSmallIntegerField(null=True, blank=True)
    phq9_min_total = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(27)]
    )
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    augmentation_required = models.BooleanField(default=False)
    excluded_if_active_suicidality = models.BooleanField(default=False)
    # criteria.md §10.4, §10.6, §10.8 (second edition).
    intolerance_credited = models.BooleanField(
        default=False, help_text="The plan accepts documented intolerance in place of a failed trial"
    )
    excluded_if_seizure_disorder = models.BooleanField(default=False)
    excluded_if_neurological = models.BooleanField(default=False)
    excluded_if_cerebrovascular = models.BooleanField(default=False)
    excluded_if_raised_icp = models.BooleanField(default=False)
    excluded_if_recent_substance_misuse = models.BooleanField(default=False)
    retreatment_needs_prior_response = models.BooleanField(
        default=False,
        help_text="A repeat course needs more than 50 % response to the earlier one, then relapse",
    )
    # Checklist item codes (benefits.checklist.ITEMS) the payer wants beyond its requirements.
    documents_wanted = models.JSONField(default=list, blank=True)
    billing_codes = models.TextField(blank=True)
    source = models.TextField(help_text="criteria.md section and source keys")

    class Meta:
        ordering = ["treatment", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(payer__isnull=False, plan__isnull=True)
                | Q(payer__isnull=True, plan__isnull=False),
                name="policy_payer_xor_plan",
            ),
            models.UniqueConstraint(
                fields=["payer", "treatment"], condition=Q(plan__isnull=True), name="policy_once_per_payer"
            ),
            models.UniqueConstraint(
                fields=["plan", "treatment"], condition=Q(plan__isnull=False), name="policy_once_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(treatment__in=TreatmentSlug.values), name="policy_treatment_valid"
            ),
            models.CheckConstraint(
                condition=Q(phq9_min_total__isnull=True) | Q(phq9_min_total__lte=27),
                name="policy_phq9_total_range",
            ),
            *timeframe_constraints("policy"),
        ]
        verbose_name_plural = "coverage policies"

    def __str__(self) -> str:
        return self.name

    def requirements(self) -> PolicyRequirements:
        return PolicyRequirements(
            min_failed_trials=self.min_failed_trials,
            min_classes=self.min_classes,
            psychotherapy_required=self.psychotherapy_required,
            severe_episode_only=self.severe_episode_only,
            phq9_within_days=self.phq9_within_days,
            phq9_min_total=self.phq9_min_total,
            min_age=self.min_age,
            augmentation_required=self.augmentation_required,
            excluded_if_active_suicidality=self.excluded_if_active_suicidality,
            intolerance_credited=self.intolerance_credited,
            excluded_if_seizure_disorder=self.excluded_if_seizure_disorder,
            excluded_if_neurological=self.excluded_if_neurological,
            excluded_if_cerebrovascular=self.excluded_if_cerebrovascular,
            excluded_if_raised_icp=self.excluded_if_raised_icp,
            excluded_if_recent_substance_misuse=self.excluded_if_recent_substance_misuse,
            retreatment_needs_prior_response=self.retreatment_needs_prior_response,
        )

    def to_engine(self) -> EngineCoveragePolicy:
        """The eligibility engine's input for this policy (select_related payer/plan first)."""
        plan = self.plan
        # policy_payer_xor_plan: exactly one of payer and plan is set.
        payer = self.payer if plan is None else plan.payer
        assert payer is not None  # noqa: S101 - the constraint above
        return EngineCoveragePolicy(
            payer=payer.name,
            plan=plan.name if plan is not None else "",
            treatment=self.treatment,
            pa_required=self.pa_required,
            covered=self.covered,
            requirements=self.requirements(),
            source=self.source,
        )
