from django.contrib import admin

from elevium.lib.admin import ModelAdmin

from .models import Clinic


@admin.register(Clinic)
class ClinicAdmin(ModelAdmin[Clinic]):
    list_display = ("name", "code", "time_zone", "created_at")
    search_fields = ("name", "code")
    filter_horizontal = ("members",)
    readonly_fields = ("created_at",)
