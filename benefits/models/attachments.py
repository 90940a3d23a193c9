"""Documents a coordinator attaches to a PA case's checklist items (a signed order, a PDMP result).

The file lives in the ``attachments`` storage (settings.STORAGES), never under the web root, at
a random name: neither the name nor any URL carries patient data. It is read only through the
access-checked, audited download view.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..attachment_types import KINDS
from .pa_cases import PaCase, PaChecklistItem


class PaAttachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(PaCase, on_delete=models.PROTECT, related_name="attachments")
    item = models.ForeignKey(PaChecklistItem, on_delete=models.PROTECT, related_name="attachments")
    storage_name = models.CharField(max_length=200, unique=True, help_text="Random; no patient data")
    content_type = models.CharField(max_length=32, help_text="From the file's own bytes")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # The name the coordinator's file had, shown on the case page only (it may name the patient).
    filename = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=sorted(KINDS)), name="pa_attachment_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"attachment {self.id}"

    def get_kind_words(self) -> str:
        return KINDS[self.content_type].words

    @property
    def download_name(self) -> str:
        """The name a download is saved under: the attachment's id, never the original name."""
        return f"attachment-{self.id}.{KINDS[self.content_type].extension}"
