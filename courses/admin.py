"""The REMS requirements are catalog data administrators edit (a REMS change is an admin edit).
Courses and sessions are patient records: administrators see none (roles.py), so they are not here."""

from __future__ import annotations

from django.contrib import admin

from elevium.lib.admin import ModelAdmin

from .models import RemsRequirement


@admin.register(RemsRequirement)
class RemsRequirementAdmin(ModelAdmin[RemsRequirement]):
    list_display = ("code", "rems_version", "active", "required", "value", "updated_at")
    list_filter = ("active", "rems_version")
    readonly_fields = ("updated_at",)
