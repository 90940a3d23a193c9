"""The base class of every Elevium task: safe delivery defaults and a TaskRun row per attempt."""

from __future__ import annotations

from typing import Any

from celery import Task
from django.db import InterfaceError, OperationalError
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

from .models import TaskRun, TaskRunStatus

# Errors that a later attempt can get past; anything else is a bug and fails at once.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError, BrokerOperationalError)


class ElevTask(Task[Any, Any]):
    abstract = True
    # Acknowledge after the work, and give the message back if the worker process dies,
    # so a crash means "run again", never "lost". Tasks must therefore be idempotent.
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 5

    def before_start(self, task_id: str, args: Any, kwargs: Any) -> None:
        request = self.request
        run, created = TaskRun.objects.get_or_create(
            task_id=task_id,
            attempt=request.retries or 0,
            defaults={
                "task_name": self.name,
                "queue": (request.delivery_info or {}).get("routing_key") or "",
                "worker": request.hostname or "",
                "status": TaskRunStatus.STARTED,
                "started_at": timezone.now(),
            },
        )
        if not created:
            TaskRun.objects.filter(pk=run.pk).update(
                deliveries=F("deliveries") + 1, status=TaskRunStatus.STARTED, worker=request.hostname or ""
            )

    def _finish(self, task_id: str, status: str, error: BaseException | None = None) -> None:
        TaskRun.objects.filter(task_id=task_id, attempt=self.request.retries or 0).update(
            status=status,
            finished_at=timezone.now(),
            error_class=type(error).__qualname__ if error is not None else "",
        )

    def on_success(self, retval: Any, task_id: str, args: Any, kwargs: Any) -> None:
        self._finish(task_id, TaskRunStatus.SUCCEEDED)

    def on_retry(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        self._finish(task_id, TaskRunStatus.RETRYING, exc)

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        self._finish(task_id, TaskRunStatus.FAILED, exc)
