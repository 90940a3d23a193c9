"""The Celery app: reads every ``CELERY_*`` Django setting and finds each app's ``tasks.py``."""

from __future__ import annotations

import gc
import os
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elevium.settings")

app = Celery("elevium")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _freeze_startup_objects(**_: Any) -> None:
    """As elevium/wsgi.py does for the web workers: what a worker process holds once started (the
    framework, the tasks, the ruleset) is taken out of the cyclic collector's reach, so a full
    collection during a task does not walk it again."""
    gc.freeze()
