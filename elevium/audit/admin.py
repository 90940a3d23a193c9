from __future__ import annotations

import uuid
from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse

from elevium.lib.admin import ModelAdmin

from .models import AuditEvent
from .services import audit_record, audit_record_many


@admin.register(AuditEvent)
class AuditEventAdmin(ModelAdmin[AuditEvent]):
    """Browse and filter the trail; nothing here can add, change or delete an event.

    The changelist template (templates/admin/audit/auditevent/change_list.html) links the
    date-range CSV export.
    """

    list_display = ("occurred_at", "action", "actor", "actor_role", "patient_id", "object_type", "object_id")
    list_filter = ("action", "actor_role", "object_type", ("occurred_at", admin.DateFieldListFilter))
    search_fields = ("=patient_id", "=request_id", "=object_id", "actor__username")
    date_hierarchy = "occurred_at"
    list_select_related = ("actor",)
    list_per_page = 100
    show_full_result_count = False  # COUNT(*) over a large trail on every page is costly.

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PatientRecordAdmin(ModelAdmin[Any]):
    """An admin over records that belong to a patient: every list, read and change is audited as
    the app's own pages audit them (``<audit_name>.listed``, ``.viewed``, ``.created``,
    ``.updated``, ``.deleted``), with the change in the admin's own transaction."""

    audit_name: str = ""
    # No bulk actions: a patient's record is deleted from its own page, one audited deletion at a time.
    actions = None

    def patient_id_of(self, obj: Any) -> uuid.UUID:
        patient_id: uuid.UUID = obj.patient_id
        return patient_id

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        # The change, delete and history pages all fetch the record here.
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            audit_record(
                actor=request.user,
                action=f"{self.audit_name}.viewed",
                obj=obj,
                patient_id=self.patient_id_of(obj),
            )
        return obj

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            # Evaluates the page's queryset once; the template reuses the fetched rows.
            audit_record_many(
                actor=request.user,
                action=f"{self.audit_name}.listed",
                objects=list(changelist.result_list),
                patient_id_of=self.patient_id_of,
            )
        return response

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=f"{self.audit_name}.{'updated' if change else 'created'}",
                obj=obj,
                patient_id=self.patient_id_of(obj),
                data={"fields": sorted(form.changed_data)} if change else None,
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        # Recorded first, while the row still has its id; a refused deletion rolls the event back.
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=f"{self.audit_name}.deleted",
                obj=obj,
                patient_id=self.patient_id_of(obj),
            )
            super().delete_model(request, obj)
