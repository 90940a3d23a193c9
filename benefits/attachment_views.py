"""The pages' side of checklist attachments: upload, remove, and the one way a file is read.

A file is served only here: signed in, a patient reader at the patient's clinic, audited, as a
download (``Content-Disposition: attachment``) that the browser may not sniff into HTML.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import PA_WORKERS, PATIENT_READERS
from elevium.lib import csp
from elevium.lib.errors import Conflict
from reassessment.errors import DocumentInvalid

from .attachment_selectors import attachment_audit_read, attachment_get_for_user
from .letter_views import letter_document
from .models import PaAttachment
from .packet import build_packet
from .selectors import pa_case_get_for_user
from .services.attachments import attachment_add, attachment_delete, attachment_storage


def file_response(attachment: PaAttachment) -> FileResponse:
    """The stored file as a download: its type from its bytes, a name that is only its id."""
    handle = attachment_storage().open(attachment.storage_name, "rb")
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.download_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened directly anyway, it runs nothing and loads nothing.
    response[csp.HEADER] = "default-src 'none'; sandbox; frame-ancestors 'none'"
    return response


@role_required(*PATIENT_READERS)
@require_GET
def attachment_download(request: AuthenticatedHttpRequest, attachment_id: uuid.UUID) -> FileResponse:
    attachment = attachment_get_for_user(user=request.user, attachment_id=attachment_id)
    attachment_audit_read(user=request.user, attachment=attachment, purpose="download")
    return file_response(attachment)


def _problems(request: AuthenticatedHttpRequest, exc: DocumentInvalid | Conflict) -> None:
    if isinstance(exc, DocumentInvalid):
        for problems in exc.errors.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.error(request, str(exc))


@role_required(*PA_WORKERS)
@require_POST
def attachment_upload(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = pa_case_get_for_user(user=request.user, case_id=case_id, audit=False)
    upload = request.FILES.get("file")
    code = request.POST.get("code", "")
    replaces = request.POST.get("replaces", "")
    try:
        if upload is None:
            raise DocumentInvalid({"file": ["Choose the file to attach."]})
        old = (
            attachment_get_for_user(user=request.user, attachment_id=replaces, case_id=case.id)
            if replaces
            else None
        )
        attachment_add(actor=request.user, case=case, code=code, upload=upload, replaces=old)
    except (DocumentInvalid, Conflict) as exc:
        _problems(request, exc)
    else:
        messages.success(request, "Document replaced." if replaces else "Document attached.")
    return redirect("benefits:case", case_id=case.id)


@role_required(*PA_WORKERS)
@require_POST
def attachment_remove(request: AuthenticatedHttpRequest, attachment_id: uuid.UUID) -> HttpResponse:
    attachment = attachment_get_for_user(user=request.user, attachment_id=attachment_id)
    try:
        attachment_delete(actor=request.user, attachment=attachment)
    except Conflict as exc:
        _problems(request, exc)
    else:
        messages.success(request, "Document removed.")
    return redirect("benefits:case", case_id=attachment.case_id)


@role_required(*PATIENT_READERS)
@require_GET
def case_packet_pdf(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The PA packet: cover with the checklist's evidence, the letter, then every attachment."""
    case, html = letter_document(request, case_id, on_screen=False)

    def read(attachment: PaAttachment) -> bytes:
        attachment_audit_read(user=request.user, attachment=attachment, purpose="packet")
        with attachment_storage().open(attachment.storage_name, "rb") as handle:
            data: bytes = handle.read()
        return data

    pdf = build_packet(
        case=case,
        checklist=list(case.checklist.all()),
        attachments=list(case.attachments.select_related("item")),
        letter_html=html,
        read=read,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="packet-{case.id}.pdf"'
    return response
