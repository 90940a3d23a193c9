from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import TaskRun


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    list_display = (
        "started_at",
        "task_name",
        "attempt",
        "deliveries",
        "status",
        "queue",
        "finished_at",
        "error_class",
    )
    list_filter = ("status", "task_name", "queue")
    search_fields = ("=task_id",)
    date_hierarchy = "started_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
