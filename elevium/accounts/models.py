from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from .roles import Role


class User(AbstractUser):
    """A member of clinic staff. Exactly one role; only administrators reach the admin site."""

    role = models.CharField(max_length=32, choices=Role.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            # Django's staff and superuser flags open the admin site: keep them for administrators.
            models.CheckConstraint(
                condition=Q(role=Role.ADMIN) | Q(is_staff=False, is_superuser=False),
                name="user_staff_only_admin",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else ""
