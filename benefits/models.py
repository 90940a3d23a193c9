"""Payers, plans, coverages, coverage policies, benefits checks and prior-authorization cases.

Fields, constraints, choices and properties that read their own row only (STYLE.md): the state
machine is ``benefits.transitions``, deadline arithmetic ``benefits.deadlines``, cost arithmetic
``benefits.estimates``; services do every write.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from eligibility.engine.models import CoveragePolicy as EngineCoveragePolicy
from eligibility.engine.models import PolicyRequirements
from treatments.models import TreatmentSlug

from .deadlines import DecisionTimeframe
from .estimates import BenefitTerms
from .transitions import PaStatus


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"{value!r} is not an IANA time zone name") from None


class PayerKind(models.TextChoices):
    # Traditional Medicare (fee for service); LCDs apply, CMS-0057-F timeframes do not.
    MEDICARE = "medicare", "Medicare"
    # Medicare Advantage: LCD criteria plus CMS-0057-F timeframes (criteria.md §7.1).
    MEDICARE_ADVANTAGE = "medicare_advantage", "Medicare Advantage"
    # Medicaid and CHIP, FFS or managed care: CMS-0057-F timeframes.
    MEDICAID = "medicaid", "Medicaid"
    # Commercial insurers: ERISA group plans or state-regulated plans.
    COMMERCIAL = "commercial", "Commercial"
    # No insurer: the patient pays.
    SELF_PAY = "self_pay", "Self-pay"


class RegulatedBy(models.TextChoices):
    # Medicare Advantage, Medicaid, CHIP: 72 h expedited, 7 calendar days standard, not drugs.
    CMS_0057F = "cms_0057f", "CMS-0057-F"
    # Employer group health plan under ERISA: 72 h urgent, 15 days pre-service.
    ERISA = "erisa", "ERISA"
    # State-regulated plan: state law sets the timeframe; the policy must carry it.
    STATE = "state", "State law"
    # Nothing binds a decision timeframe (self-pay).
    NONE = "none", "None"


class TimeframeKind(models.TextChoices):
    # Elapsed hours from submission.
    HOURS = "hours", "Hours"
    # Calendar days after the submission's local date, due at the end of the last day.
    CALENDAR_DAYS = "calendar_days", "Calendar days"
    # Business days (Mon–Fri) after the submission's local date.
    BUSINESS_DAYS = "business_days", "Business days"


def _timeframe(kind: str, amount: int | None, *, expedited: bool) -> DecisionTimeframe | None:
    if not kind or not amount:
        return None
    return DecisionTimeframe(kind=kind, amount=amount, expedited=expedited)  # type: ignore[arg-type]


def _timeframe_constraints(prefix: str) -> list[models.CheckConstraint]:
    constraints = []
    for which in ("standard", "expedited"):
        kind, amount = f"{which}_timeframe_kind", f"{which}_timeframe_amount"
        constraints.append(
            models.CheckConstraint(
                condition=(Q(**{kind: ""}) & Q(**{f"{amount}__isnull": True}))
                | (Q(**{f"{kind}__in": TimeframeKind.values}) & Q(**{f"{amount}__gte": 1})),
                name=f"{prefix}_{which}_timeframe_whole",
            )
        )
    return constraints


class TimeframeFields(models.Model):
    """A standard and an expedited decision timeframe, each kind + amount, both optional."""

    standard_timeframe_kind = models.CharField(max_length=16, choices=TimeframeKind.choices, blank=True)
    standard_timeframe_amount = models.PositiveSmallIntegerField(null=True, blank=True)
    expedited_timeframe_kind = models.CharField(max_length=16, choices=TimeframeKind.choices, blank=True)
    expedited_timeframe_amount = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        abstract = True

    def timeframe(self, *, expedited: bool) -> DecisionTimeframe | None:
        if expedited:
            return _timeframe(self.expedited_timeframe_kind, self.expedited_timeframe_amount, expedited=True)
        return _timeframe(self.standard_timeframe_kind, self.standard_timeframe_amount, expedited=False)


class Payer(TimeframeFields):
    """An insurer (or self-pay). Its timeframes apply when neither the policy nor the regulation sets one."""

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=24, choices=PayerKind.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PayerKind.values), name="payer_kind_valid"),
            *_timeframe_constraints("payer"),
        ]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="plans")
    name = models.CharField(max_length=120)
    erisa = models.BooleanField(default=False, help_text="An employer group health plan under ERISA")
    regulated_by = models.CharField(max_length=16, choices=RegulatedBy.choices, default=RegulatedBy.NONE)
    # The zone a payer's calendar days are counted in (criteria.md §7.1, deadlines.py).
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])

    class Meta:
        ordering = ["payer__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["payer", "name"], name="plan_name_unique_per_payer"),
            models.CheckConstraint(
                condition=Q(regulated_by__in=RegulatedBy.values), name="plan_regulated_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payer.name} {self.name}"


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
            *_timeframe_constraints("policy"),
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
        payer = self.payer if self.payer_id else self.plan.payer  # type: ignore[union-attr]
        return EngineCoveragePolicy(
            payer=payer.name,  # type: ignore[union-attr]
            plan=self.plan.name if self.plan_id else "",  # type: ignore[union-attr]
            treatment=self.treatment,  # type: ignore[arg-type]
            pa_required=self.pa_required,
            covered=self.covered,
            requirements=self.requirements(),
            source=self.source,
        )


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


_money = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


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
    deductible = models.DecimalField(default=Decimal("0"), **_money)  # type: ignore[arg-type]
    deductible_met = models.DecimalField(default=Decimal("0"), **_money)  # type: ignore[arg-type]
    coinsurance_pct = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    copay = models.DecimalField(default=Decimal("0"), **_money)  # type: ignore[arg-type]
    oop_max = models.DecimalField(null=True, blank=True, **_money)  # type: ignore[arg-type]
    oop_met = models.DecimalField(default=Decimal("0"), **_money)  # type: ignore[arg-type]
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
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="pa_cases"
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
    APPROVAL = "approval", "Approval recorded"
    REMINDER = "reminder", "Reminder"


class PaEvent(models.Model):
    """The case's timeline. Append-only by convention: services add rows, nothing edits them."""

    case = models.ForeignKey(PaCase, on_delete=models.CASCADE, related_name="events")
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


class FeeItem(models.TextChoices):
    """The clinic's prices a course estimate needs (benefits.estimates.PRICES_NEEDED names them)."""

    PRICE_INITIAL = "price_initial", "TMS first session with motor threshold (90867)"
    PRICE_SUBSEQUENT = "price_subsequent", "TMS later session (90868)"
    PRICE_G2082 = "price_g2082", "Spravato session up to 56 mg (G2082)"
    PRICE_G2083 = "price_g2083", "Spravato session over 56 mg (G2083)"
    PRICE_INFUSION = "price_infusion", "Ketamine infusion, all-inclusive self-pay price"


class ClinicFee(models.Model):
    """One line of a clinic's fee schedule: what it charges for one billed item. Administrators
    keep it; the out-of-pocket estimate starts from it so prices are not retyped each time."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="fees")
    item = models.CharField(max_length=24, choices=FeeItem.choices)
    price = models.DecimalField(**_money)  # type: ignore[arg-type]
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["clinic", "item"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "item"], name="clinic_fee_once_per_item"),
            models.CheckConstraint(condition=Q(item__in=FeeItem.values), name="clinic_fee_item_valid"),
            models.CheckConstraint(condition=Q(price__gte=0), name="clinic_fee_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()} at {self.clinic_id}"
