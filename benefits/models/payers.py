"""Payers and their plans, and the decision timeframes a payer, a plan's regulation or a
policy sets (the arithmetic is benefits.deadlines)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ..deadlines import DecisionTimeframe


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
    return DecisionTimeframe(kind=kind, amount=amount, expedited=expedited)


def timeframe_constraints(prefix: str) -> list[models.CheckConstraint]:
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
            *timeframe_constraints("payer"),
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
