"""Reading a PA case's attachments: scoped to the clinics the user works at, each read audited."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import Http404

from elevium.accounts.models import User
from elevium.audit.services import audit_record

from .models import PaAttachment
from .selectors import pa_case_queryset_for


def attachment_get_for_user(
    *, user: User, attachment_id: uuid.UUID | str, case_id: uuid.UUID | None = None
) -> PaAttachment:
    """An attachment of a case the user may see (of ``case_id`` when given), or 404."""
    rows = PaAttachment.objects.filter(case__in=pa_case_queryset_for(user)).select_related("case", "item")
    if case_id is not None:
        rows = rows.filter(case_id=case_id)
    try:
        return rows.get(id=attachment_id)
    except (PaAttachment.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such document.") from None


def attachment_audit_read(*, user: User, attachment: PaAttachment, purpose: str) -> None:
    audit_record(
        actor=user,
        action="pa_case.attachment_downloaded",
        obj=attachment,
        patient_id=attachment.case.patient_id,
        data={"case": str(attachment.case_id), "code": attachment.item.code, "purpose": purpose},
    )
