"""A stored reassessment read as the current schema: old rows are upgraded when read, never
rewritten, so a signed version-1 record stays exactly as it was signed.

The document is upgraded by the document model itself (upgrade.upgrade_v1, which keeps the
meaning and leaves every new fact unknown); a summary computed by an older ``compute`` is
computed again from that document as of its own assessment date, which is what ``compute``
gives for the same input today (computed.py is deterministic).
"""

from __future__ import annotations

from typing import Any

from .computed import COMPUTED_VERSION, compute
from .documents import SCHEMA_VERSION, ReassessmentDocument
from .models import Reassessment


def current_document(stored: dict[str, Any]) -> dict[str, Any]:
    """``stored`` as a document of the current schema version (JSON)."""
    if stored.get("schema_version") == SCHEMA_VERSION:
        return stored
    return ReassessmentDocument.model_validate(stored).model_dump(mode="json")


def current_computed(reassessment: Reassessment) -> dict[str, Any]:
    """The reassessment's computed summary, recomputed when it was stored by an older version."""
    stored: dict[str, Any] = reassessment.computed
    if stored.get("computed_version") == COMPUTED_VERSION:
        return dict(stored)
    document = ReassessmentDocument.model_validate(reassessment.document)
    return compute(document, as_of=document.assessed_on).model_dump(mode="json")
