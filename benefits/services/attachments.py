"""Attaching documents to a PA case's checklist items, replacing and removing them.

The file's kind is read from its own first bytes (benefits.attachment_types), its size from the
upload; it is stored under a random name in the ``attachments`` storage. A case whose request
has gone to the payer keeps its attachments as sent (409) until the payer asks for more.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils import timezone

from elevium.accounts.models import User
from elevium.audit.services import audit_record
from reassessment.errors import DocumentInvalid

from ..attachment_types import ACCEPTED_WORDS, HEAD_BYTES, FileKind, size_words, sniff
from ..models import PaAttachment, PaCase, PaEventKind
from ..transitions import PaStatus
from .case_writes import CHECKLIST_EDITABLE, conflict, event, locked
from .pa_cases import checklist_item


def attachment_storage() -> Storage:
    """The ``attachments`` entry of settings.STORAGES (a folder, a volume or an S3 bucket)."""
    return storages["attachments"]


def _checked(upload: File[bytes]) -> tuple[FileKind, str]:
    """The upload's kind and SHA-256, or a field-level DocumentInvalid in a sentence."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise DocumentInvalid({"file": ["The file is empty; choose the scanned document again."]})
    if upload.size > limit:
        raise DocumentInvalid(
            {"file": [f"The file is {size_words(upload.size)}; attach files of at most {size_words(limit)}."]}
        )
    upload.seek(0)
    kind = sniff(upload.read(HEAD_BYTES))
    if kind is None:
        raise DocumentInvalid(
            {
                "file": [
                    f"The file's contents are not {ACCEPTED_WORDS}, whatever its name says; "
                    "attach one of those."
                ]
            }
        )
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return kind, digest.hexdigest()


def _frozen_check(case: PaCase) -> None:
    status = PaStatus(case.status)
    if status not in CHECKLIST_EDITABLE:
        raise conflict(
            f"This case is {case.get_status_display().lower()}: its attachments are kept as they were "
            "sent and can no longer change.",
            status,
        )


@transaction.atomic
def attachment_add(
    *, actor: User, case: PaCase, code: str, upload: File[bytes], replaces: PaAttachment | None = None
) -> PaAttachment:
    """Attach ``upload`` to the checklist item ``code`` (replacing ``replaces`` when given)."""
    case = locked(case)
    _frozen_check(case)
    item = checklist_item(case, code)
    if replaces is not None and (replaces.case_id != case.pk or replaces.item_id != item.pk):
        raise DocumentInvalid({"replaces": ["Choose a document attached to this checklist item."]})
    kind, sha256 = _checked(upload)
    storage = attachment_storage()
    # Random, so the name says nothing about the patient and cannot be guessed.
    name = storage.save(f"{secrets.token_hex(16)}.{kind.extension}", upload)
    try:
        attachment = _record(actor, case, item.code, name, kind, sha256, upload, replaces, item_id=item.pk)
    except BaseException:
        storage.delete(name)  # nothing on record points at it: an orphan file would hold patient data
        raise
    return attachment


def _record(
    actor: User,
    case: PaCase,
    code: str,
    name: str,
    kind: FileKind,
    sha256: str,
    upload: File[bytes],
    replaces: PaAttachment | None,
    *,
    item_id: int,
) -> PaAttachment:
    attachment = PaAttachment.objects.create(
        case=case,
        item_id=item_id,
        storage_name=name,
        content_type=kind.content_type,
        size=upload.size or 0,
        sha256=sha256,
        filename=(upload.name or "")[-200:],
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    data = {"code": code, "attachment": str(attachment.id), "content_type": kind.content_type}
    if replaces is not None:
        data["replaces"] = str(replaces.id)  # before the delete, which clears the instance's id
        _remove(actor, case, replaces, replaced_by=attachment)
    event(case, actor=actor, kind=PaEventKind.DOCUMENT, at=attachment.uploaded_at, data=data)
    audit_record(
        actor=actor,
        action="pa_case.attachment_replaced" if replaces else "pa_case.attachment_added",
        obj=attachment,
        patient_id=case.patient_id,
        data={**data, "size": attachment.size},
    )
    return attachment


def _remove(actor: User, case: PaCase, attachment: PaAttachment, *, replaced_by: PaAttachment | None) -> None:
    name = attachment.storage_name
    data = {"code": attachment.item.code, "attachment": str(attachment.id)}
    attachment.delete()
    # The file goes only once the row's removal is committed: a rollback keeps both.
    transaction.on_commit(lambda: attachment_storage().delete(name))
    if replaced_by is None:
        event(case, actor=actor, kind=PaEventKind.DOCUMENT_REMOVED, at=timezone.now(), data=data)
        audit_record(
            actor=actor, action="pa_case.attachment_deleted", obj=case, patient_id=case.patient_id, data=data
        )


@transaction.atomic
def attachment_delete(*, actor: User, attachment: PaAttachment) -> PaCase:
    """Remove one attachment (the file too). The case it belonged to, as it is now."""
    case = locked(attachment.case)
    _frozen_check(case)
    row = PaAttachment.objects.select_for_update().select_related("item").get(pk=attachment.pk)
    _remove(actor, case, row, replaced_by=None)
    return case
