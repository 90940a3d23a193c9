"""The Celery app: reads every ``CELERY_*`` Django setting and finds each app's ``tasks.py``."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elevium.settings")

app = Celery("elevium")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
