from __future__ import annotations

from .models import TaskRun, TaskRunStatus


def last_heartbeat() -> TaskRun | None:
    return (
        TaskRun.objects.filter(task_name="elevium.jobs.tasks.heartbeat", status=TaskRunStatus.SUCCEEDED)
        .order_by("-finished_at")
        .first()
    )
