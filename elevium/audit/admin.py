from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Browse and filter the trail; nothing here can add, change or delete an event."""

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
