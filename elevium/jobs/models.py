from __future__ import annotations

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class TaskRunStatus(models.TextChoices):
    # Delivered to a worker and started; still running, or the worker died mid-task.
    STARTED = "started", "Started"
    # Finished without error.
    SUCCEEDED = "succeeded", "Succeeded"
    # Raised a transient error and was scheduled to run again.
    RETRYING = "retrying", "Retrying"
    # Raised an error and will not be retried.
    FAILED = "failed", "Failed"


class TaskRun(models.Model):
    """One attempt at one Celery task, as recorded by the worker that ran it.

    PostgreSQL, not the broker, is the record of what ran: a redelivered attempt
    (the worker was lost, the broker handed the message out again) updates the same
    row and counts the delivery, so a duplicate is visible rather than silent.
    """

    task_id = models.CharField(max_length=64)
    task_name = models.CharField(max_length=200, db_index=True)
    attempt = models.PositiveIntegerField(default=0)  # Celery's request.retries
    deliveries = models.PositiveIntegerField(default=1)
    queue = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=TaskRunStatus.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    # The exception's class only: messages can carry data the task was working on.
    error_class = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task_id", "attempt"], name="taskrun_task_attempt")]
        indexes = [models.Index(fields=["task_name", "-started_at"], name="taskrun_name_time")]
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.task_name} {self.task_id} #{self.attempt}"


class OutboxMessage(models.Model):
    """A task owed to the broker, written in the same transaction as the change that owes it.

    The row commits or rolls back with the change, so a task is requested if and only if the
    change happened. A relay (on commit, then the ``relay_outbox`` beat sweep) publishes it;
    until ``sent_at`` is set the row is pending, whatever happened to Redis. The row's ``id`` is
    the Celery task id, so publishing the row again yields the same ``TaskRun`` row.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # Empty: the task's route in CELERY_TASK_ROUTES decides.
    queue = models.CharField(max_length=64, blank=True)
    # Set by callers that may ask twice for the same thing (a retried request); unique when set.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    # Not to be run before this time (``countdown`` at enqueue); mind Redis's visibility timeout.
    eta = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set once the broker has accepted the message; null means pending.
    sent_at = models.DateTimeField(null=True, blank=True)
    # A relay that claimed the row owns it until then; a relay that died leaves it to expire.
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # The exception's class only, as on TaskRun.
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="outbox_pending"
            )
        ]
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.task_name} {self.id} ({'sent' if self.sent_at else 'pending'})"

    @property
    def task_id(self) -> str:
        return str(self.id)


class TaskEffect(models.Model):
    """The record that the effect named by ``key`` has been committed (see ``idempotency.run_once``).

    Written in the same transaction as the effect, so "row exists" means "effect done", and a
    redelivered or duplicated task that finds the row does nothing.
    """

    key = models.CharField(max_length=200, unique=True)
    task_name = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return self.key
