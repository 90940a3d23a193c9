"""A PA case's attachments over the API: upload (multipart), remove, and read the file.

Uploads are checked by the service (kind from the file's bytes, size from the setting); the
file is read back only through :class:`PaAttachmentDetailApi`, audited, as a download.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedRequest
from elevium.accounts.roles import PATIENT_READERS
from elevium.lib import limits
from elevium.lib.api_errors import error_responses

from .. import selectors
from ..attachment_selectors import attachment_audit_read, attachment_get_for_user
from ..attachment_types import KINDS
from ..attachment_views import file_response
from ..services.attachments import attachment_add, attachment_delete
from . import coordinator_only, validated
from .pa_case_serializers import CaseDetailSerializer


class AttachmentUploadSerializer(serializers.Serializer[Any]):
    code = limits.api_text(limits.CHECKLIST_CODE, help_text="The checklist item the document supports")
    file = serializers.FileField(help_text="A PDF, PNG or JPEG file; its kind is read from its bytes")
    replaces = serializers.UUIDField(required=False, allow_null=True, default=None)


def _detail(request: Request, case_id: uuid.UUID) -> dict[str, Any]:
    case = selectors.pa_case_get_for_user(user=request.user, case_id=case_id, audit=False)  # type: ignore[arg-type]
    return CaseDetailSerializer(case).data


@role_required(*PATIENT_READERS)
class PaAttachmentListApi(APIView):
    # The default parsers: a file comes as multipart; a JSON body (no file) is read, and refused
    # by its fields, or by its depth before it is parsed (elevium/lib/json_parser.py).

    @coordinator_only
    @extend_schema(
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: CaseDetailSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, case_id: uuid.UUID) -> Response:
        """Attach a document to a checklist item (or replace one); 409 once the case is submitted."""
        case = selectors.pa_case_get_for_user(user=request.user, case_id=case_id, audit=False)
        data = validated(AttachmentUploadSerializer, request.data)
        old = None
        if data["replaces"] is not None:
            old = attachment_get_for_user(user=request.user, attachment_id=data["replaces"], case_id=case.id)
        attachment_add(actor=request.user, case=case, code=data["code"], upload=data["file"], replaces=old)
        return Response(_detail(request, case.id), status=status.HTTP_201_CREATED)


@role_required(*PATIENT_READERS)
class PaAttachmentDetailApi(APIView):
    @extend_schema(
        responses={
            **{
                (200, kind): OpenApiResponse(OpenApiTypes.BINARY, description="The file, as a download")
                for kind in sorted(KINDS)
            },
            **error_responses(404),
        }
    )
    def get(
        self, request: AuthenticatedRequest, case_id: uuid.UUID, attachment_id: uuid.UUID
    ) -> FileResponse:
        attachment = attachment_get_for_user(user=request.user, attachment_id=attachment_id, case_id=case_id)
        attachment_audit_read(user=request.user, attachment=attachment, purpose="download")
        return file_response(attachment)

    @coordinator_only
    @extend_schema(responses={200: CaseDetailSerializer, **error_responses(404, 409)})
    def delete(self, request: AuthenticatedRequest, case_id: uuid.UUID, attachment_id: uuid.UUID) -> Response:
        """Remove a document (audited); 409 once the case is submitted."""
        attachment = attachment_get_for_user(user=request.user, attachment_id=attachment_id, case_id=case_id)
        attachment_delete(actor=request.user, attachment=attachment)
        return Response(_detail(request, case_id))
