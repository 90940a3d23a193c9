"""The clinic's fee schedule, which the out-of-pocket estimate starts from."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .money import MONEY


class FeeItem(models.TextChoices):
    """The clinic's prices a course estimate needs (benefits.courses.PRICES_NEEDED names them)."""

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
    price = models.DecimalField(**MONEY)
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
