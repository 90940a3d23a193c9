"""The reviewer queue's batch filter (beside selectors.py, which is being split in parallel)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import QuerySet

from .models import BatchRun

BATCH_CHOICES = 20


def batch_choices() -> QuerySet[BatchRun, tuple[uuid.UUID, dt.datetime]]:
    """(id, started) of the latest batch runs, newest first."""
    return BatchRun.objects.order_by("-created_at").values_list("id", "created_at")[:BATCH_CHOICES]
