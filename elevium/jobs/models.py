from __future__ import annotations

from django.db import models


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
