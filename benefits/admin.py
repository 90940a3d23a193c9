from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from elevium.audit.admin import PatientRecordAdmin
from elevium.lib.admin import ModelAdmin

from .models import ClinicFee, Coverage, CoveragePolicy, Payer, Plan


@admin.register(Payer)
class PayerAdmin(ModelAdmin[Payer]):
    list_display = ("name", "kind")


@admin.register(Plan)
class PlanAdmin(ModelAdmin[Plan]):
    list_display = ("name", "payer", "regulated_by", "erisa", "time_zone")
    list_select_related = ("payer",)


@admin.register(CoveragePolicy)
class CoveragePolicyAdmin(ModelAdmin[CoveragePolicy]):
    list_display = ("name", "treatment", "payer", "plan", "pa_required", "covered")
    list_filter = ("treatment", "covered", "pa_required")
    list_select_related = ("payer", "plan")


@admin.register(Coverage)
class CoverageAdmin(PatientRecordAdmin):
    """A patient's coverage (member id, plan): administrators enter it here, and every list, read
    and change is audited with the patient's id."""

    audit_name = "coverage"
    list_display = ("id", "plan", "rank", "valid_from", "valid_to")
    list_select_related = ("plan__payer",)
    raw_id_fields = ("patient",)
    readonly_fields = ("revision",)

    def save_model(self, request: HttpRequest, obj: Coverage, form: Any, change: bool) -> None:
        # A change here is a change like any other: an editor holding the old revision is refused.
        if change:
            obj.revision += 1
        super().save_model(request, obj, form, change)


@admin.register(ClinicFee)
class ClinicFeeAdmin(ModelAdmin[ClinicFee]):
    """The clinic's fee schedule: the prices the out-of-pocket estimate starts from."""

    list_display = ("clinic", "item", "price", "updated_at")
    list_filter = ("clinic", "item")
    list_select_related = ("clinic",)
