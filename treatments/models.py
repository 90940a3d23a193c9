"""The treatment catalog: the three treatments, how each is given, its regulatory standing,
the monitoring it needs, how it is billed and what the patient must arrange.

Reference data, not patient data: every signed-in role may read it and administrators edit
it in the admin. Rows are seeded from criteria.md (migration 0002, data in ``seed.py``); a
fact the reference marks unconfirmed carries ``confirmed=False`` and says why in ``notes``.
"""

from __future__ import annotations

from django.db import models

from eligibility.engine.models import TREATMENTS
from eligibility.engine.models import Treatment as TreatmentValue

# The engine's treatments (eligibility/engine/models.py is the one list), as people name them.
TREATMENT_LABELS: dict[TreatmentValue, str] = {
    # Transcranial magnetic stimulation, an FDA-cleared device treatment (criteria.md §3).
    "tms": "TMS",
    # Esketamine nasal spray, FDA-approved, given only in REMS-certified settings (§2).
    "spravato": "Spravato",
    # Racemic ketamine, used off-label for depression (§4).
    "ketamine": "Ketamine",
}

# Built from the engine's list: a treatment added there without a label fails here, at import.
# django-stubs types only the one-name form of the enum functional API, not a list of members.
TreatmentSlug: type[models.TextChoices] = models.TextChoices(  # type: ignore[call-overload]
    "TreatmentSlug", [(slug.upper(), (slug, TREATMENT_LABELS[slug])) for slug in TREATMENTS]
)


class ControlledSchedule(models.TextChoices):
    # Not a controlled substance (TMS is a device).
    NONE = "", "Not controlled"
    # DEA Schedule III: esketamine and ketamine.
    CIII = "CIII", "Schedule III"


class Phase(models.TextChoices):
    # The opening, more frequent part of a course (Spravato TRD weeks 1–4).
    INDUCTION = "induction", "Induction"
    # Continued, less frequent dosing after induction (Spravato TRD week 5 on).
    MAINTENANCE = "maintenance", "Maintenance"
    # A complete treatment course with no separate maintenance phase (TMS, MDSI, ketamine series).
    ACUTE = "acute", "Acute course"
    # Sessions tapered off after an acute course (TMS 3, 2, 1 a week).
    TAPER = "taper", "Taper"


class RegulatoryStatusKind(models.TextChoices):
    # A device cleared by the FDA (510(k) or de novo) for this indication: TMS.
    FDA_CLEARED = "fda_cleared", "FDA-cleared"
    # A drug approved by the FDA for this indication: Spravato.
    FDA_APPROVED = "fda_approved", "FDA-approved"
    # Used for an indication its label does not include: ketamine for depression.
    OFF_LABEL = "off_label", "Off-label"
    # Neither cleared nor approved for this indication or population (Spravato under 18).
    NOT_CLEARED = "not_cleared", "Not cleared or approved"


class MonitoringWhen(models.TextChoices):
    # Before the dose or session: screening, vital signs, enrolment.
    BEFORE = "before", "Before dosing"
    # While the dose or session is given.
    DURING = "during", "During dosing"
    # After the dose: observation, repeat vital signs, reports filed.
    AFTER = "after", "After dosing"


class CodeSystem(models.TextChoices):
    # AMA Current Procedural Terminology (procedures: TMS sessions, infusions).
    CPT = "CPT", "CPT"
    # HCPCS Level II (drugs, supplies, Medicare G-codes and modifiers).
    HCPCS = "HCPCS", "HCPCS"
    # ICD-10-CM diagnosis codes a payer ties to the treatment.
    ICD10CM = "ICD-10-CM", "ICD-10-CM"


class Treatment(models.Model):
    """One of the three treatments the eligibility engine evaluates."""

    slug = models.CharField(max_length=16, unique=True, choices=TreatmentSlug.choices)
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the catalog page.")
    summary = models.TextField()
    time_to_effect = models.TextField(blank=True)
    patient_must_arrange = models.TextField(blank=True, help_text="Visits, a ride home, preparation.")
    requires_daily_visits = models.BooleanField(default=False)
    requires_driver = models.BooleanField(default=False, help_text="The patient may not drive home.")
    controlled_substance_schedule = models.CharField(
        max_length=8, blank=True, choices=ControlledSchedule.choices, default=ControlledSchedule.NONE
    )
    rems_program = models.CharField("REMS program", max_length=200, blank=True)
    common_side_effects = models.TextField(blank=True)
    sources = models.TextField(blank=True, help_text="criteria.md sections and source keys.")

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slug__in=TreatmentSlug.values), name="treatment_slug_known"
            ),
            models.CheckConstraint(
                condition=models.Q(controlled_substance_schedule__in=ControlledSchedule.values),
                name="treatment_schedule_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_controlled(self) -> bool:
        return bool(self.controlled_substance_schedule)


class Protocol(models.Model):
    """A way of giving the treatment: a course with its sessions, frequency, length and dose."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="protocols")
    slug = models.SlugField(max_length=64)
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=16, choices=Phase.choices)
    # Counts are what a prior authorization asks for; blank when open-ended or not in the reference.
    sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    frequency = models.CharField(max_length=200, blank=True)
    weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    dose = models.CharField(max_length=200, blank=True)
    session_minutes = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    notes = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    confirmed = models.BooleanField(default=True, help_text="False where the reference says unconfirmed.")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["treatment", "slug"], name="protocol_slug_unique"),
            models.CheckConstraint(condition=models.Q(phase__in=Phase.values), name="protocol_phase_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class RegulatoryStatus(models.Model):
    """The treatment's FDA standing for one indication and population."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="regulatory_statuses")
    position = models.PositiveSmallIntegerField(default=0)
    indication = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=RegulatoryStatusKind.choices)
    population = models.CharField(max_length=200, blank=True)
    product = models.CharField(max_length=200, blank=True, help_text="Device or product, where it matters.")
    # As the reference gives it ("Oct 2008", "2021–22"), plus the exact day when one is known.
    since = models.CharField(max_length=40, blank=True)
    since_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    confirmed = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "regulatory statuses"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RegulatoryStatusKind.values), name="regulatory_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indication}: {self.get_status_display()}"


class MonitoringRequirement(models.Model):
    """Something staff must check or record around a dose or session."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="monitoring")
    position = models.PositiveSmallIntegerField(default=0)
    requirement = models.CharField(max_length=300)
    when = models.CharField(max_length=8, choices=MonitoringWhen.choices)
    minimum_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Least time the requirement lasts, e.g. 120 for Spravato observation.",
    )
    notes = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    confirmed = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(when__in=MonitoringWhen.values), name="monitoring_when_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.requirement


class BillingCode(models.Model):
    """A code a claim or prior authorization for the treatment uses."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="billing_codes")
    position = models.PositiveSmallIntegerField(default=0)
    code_system = models.CharField(max_length=12, choices=CodeSystem.choices)
    code = models.CharField(max_length=16)
    description = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    effective_from = models.DateField(null=True, blank=True)
    # The code this one supersedes from ``effective_from`` (J0013 replaces S0013 on 2026-01-01).
    replaces = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    source = models.CharField(max_length=200, blank=True)
    confirmed = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["treatment", "code_system", "code"], name="billing_code_unique_per_treatment"
            ),
            models.CheckConstraint(
                condition=models.Q(code_system__in=CodeSystem.values), name="billing_code_system_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code_system} {self.code}"
