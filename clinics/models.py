from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Clinic(models.Model):
    """A site whose patients its own staff, and only they, may see.

    Every patient belongs to exactly one clinic; a member of staff belongs to one or more
    (``user.clinics``). Administrators need no membership: they see no patient records.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    code = models.SlugField(max_length=32, unique=True, help_text="Short code shown beside the name.")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="clinics", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
