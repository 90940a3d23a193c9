"""The catalog in the admin: administrators edit a treatment and all its rows on one page.

The child models are registered on their own as well, for filtering across treatments (every
billing code, every unconfirmed row). Django's admin log records who changed what.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import Textarea
from django.http import HttpRequest

from elevium.lib.admin import ModelAdmin, StackedInline, TabularInline

from .models import BillingCode, MonitoringRequirement, Protocol, RegulatoryStatus, Treatment

# Notes in a table row: two lines, not the admin's default ten-line box.
SHORT_TEXT: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 36})}
}


class ProtocolInline(StackedInline[Protocol, Treatment]):
    model = Protocol
    extra = 0
    fields = (
        ("name", "slug", "phase", "position"),
        ("sessions", "weeks", "session_minutes", "frequency"),
        "dose",
        "notes",
        ("source", "confirmed"),
    )
    prepopulated_fields = {"slug": ("name",)}


class RegulatoryStatusInline(TabularInline[RegulatoryStatus, Treatment]):
    formfield_overrides = SHORT_TEXT
    model = RegulatoryStatus
    extra = 0
    fields = (
        "position",
        "indication",
        "status",
        "population",
        "product",
        "since",
        "since_date",
        "notes",
        "source",
        "confirmed",
    )


class MonitoringRequirementInline(TabularInline[MonitoringRequirement, Treatment]):
    formfield_overrides = SHORT_TEXT
    model = MonitoringRequirement
    extra = 0
    fields = ("position", "when", "requirement", "minimum_minutes", "notes", "source", "confirmed")


class BillingCodeInline(TabularInline[BillingCode, Treatment]):
    formfield_overrides = SHORT_TEXT
    model = BillingCode
    fk_name = "treatment"
    extra = 0
    fields = (
        "position",
        "code_system",
        "code",
        "description",
        "effective_from",
        "replaces",
        "notes",
        "source",
        "confirmed",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[BillingCode]:
        return super().get_queryset(request).select_related("replaces")


@admin.register(Treatment)
class TreatmentAdmin(ModelAdmin[Treatment]):
    list_display = (
        "name",
        "slug",
        "position",
        "requires_daily_visits",
        "requires_driver",
        "controlled_substance_schedule",
        "rems_program",
    )
    list_editable = ("position",)
    fieldsets = (
        (None, {"fields": ("slug", "name", "position", "summary")}),
        (
            "For the patient",
            {
                "fields": (
                    "patient_must_arrange",
                    ("requires_daily_visits", "requires_driver"),
                    "time_to_effect",
                    "common_side_effects",
                )
            },
        ),
        ("Regulation", {"fields": ("controlled_substance_schedule", "rems_program")}),
        ("Sources", {"fields": ("sources",)}),
    )
    inlines = (ProtocolInline, RegulatoryStatusInline, MonitoringRequirementInline, BillingCodeInline)


@admin.register(Protocol)
class ProtocolAdmin(ModelAdmin[Protocol]):
    list_display = ("name", "treatment", "phase", "sessions", "weeks", "frequency", "confirmed")
    list_filter = ("treatment", "phase", "confirmed")
    list_select_related = ("treatment",)
    search_fields = ("name", "slug", "dose", "notes")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(RegulatoryStatus)
class RegulatoryStatusAdmin(ModelAdmin[RegulatoryStatus]):
    list_display = ("indication", "treatment", "status", "population", "product", "since", "confirmed")
    list_filter = ("treatment", "status", "confirmed")
    list_select_related = ("treatment",)
    search_fields = ("indication", "population", "product")


@admin.register(MonitoringRequirement)
class MonitoringRequirementAdmin(ModelAdmin[MonitoringRequirement]):
    list_display = ("requirement", "treatment", "when", "minimum_minutes", "confirmed")
    list_filter = ("treatment", "when", "confirmed")
    list_select_related = ("treatment",)
    search_fields = ("requirement", "notes")


@admin.register(BillingCode)
class BillingCodeAdmin(ModelAdmin[BillingCode]):
    list_display = (
        "code",
        "code_system",
        "treatment",
        "description",
        "effective_from",
        "replaces",
        "confirmed",
    )
    list_filter = ("treatment", "code_system", "confirmed")
    list_select_related = ("treatment", "replaces")
    search_fields = ("code", "description", "notes")
