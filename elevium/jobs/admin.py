from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from elevium.lib.admin import ModelAdmin

from .models import OutboxMessage, TaskEffect, TaskRun

M = TypeVar("M", bound=models.Model)


class _ReadOnlyAdmin(ModelAdmin[M]):
    """Rows the jobs machinery writes: administrators read them, never add or edit one."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TaskRun)
class TaskRunAdmin(_ReadOnlyAdmin[TaskRun]):
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


@admin.register(OutboxMessage)
class OutboxMessageAdmin(_ReadOnlyAdmin[OutboxMessage]):
    list_display = (
        "created_at",
        "task_name",
        "queue",
        "sent_at",
        "attempts",
        "last_error",
        "last_attempt_at",
    )
    list_filter = (("sent_at", admin.EmptyFieldListFilter), "task_name", "last_error")
    search_fields = ("=id", "=idempotency_key")
    date_hierarchy = "created_at"


@admin.register(TaskEffect)
class TaskEffectAdmin(_ReadOnlyAdmin[TaskEffect]):
    list_display = ("recorded_at", "key", "task_name", "task_id")
    search_fields = ("=key", "=task_id")
