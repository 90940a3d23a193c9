from django.contrib import admin

from elevium.lib.admin import ModelAdmin

from .models import Clinic, Prescriber


@admin.register(Clinic)
class ClinicAdmin(ModelAdmin[Clinic]):
    list_display = ("name", "code", "time_zone", "phone", "created_at")
    search_fields = ("name", "code")
    filter_horizontal = ("members",)
    readonly_fields = ("created_at",)
    fieldsets = (
        (None, {"fields": ("name", "code", "members", "created_at")}),
        ("Letterhead", {"fields": ("address", "phone", "fax")}),
    )


@admin.register(Prescriber)
class PrescriberAdmin(ModelAdmin[Prescriber]):
    """The name, credentials and NPI a clinician's letters are signed with."""

    list_display = ("user", "display_name", "credentials", "npi")
    list_select_related = ("user",)
    search_fields = ("user__username", "display_name", "npi")
    raw_id_fields = ("user",)
