from __future__ import annotations

from django.apps import AppConfig


class CoursesConfig(AppConfig):
    """Treatment courses after an approved PA: sessions, REMS monitoring, outcomes, next steps."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = "Treatment courses"
