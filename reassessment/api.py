"""Reassessment API. The request and response body of a document is the pydantic
``ReassessmentDocument``; views parse, authorize, call one service or selector, render."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedRequest
from elevium.accounts.roles import PATIENT_READERS, REASSESSMENT_WRITERS
from elevium.lib import limits
from elevium.lib.api_errors import error_responses
from patients.selectors import patient_get_for_user

from . import services
from .documents import ReassessmentDocument
from .errors import DocumentInvalid
from .models import Reassessment, SafetyActionKind
from .selectors import reassessment_get_for_user, reassessment_list_for_patient
from .stored import current_computed, current_document

# Coordinators and reviewers read reassessments; every change is a clinician's.
writer_only = role_required(*REASSESSMENT_WRITERS, message="Only clinicians change reassessments.")


class ReassessmentSummarySerializer(serializers.ModelSerializer[Reassessment]):
    author = serializers.CharField(source="author.username")
    signed_by = serializers.CharField(source="signed_by.username", allow_null=True, default=None)
    supersedes = serializers.UUIDField(source="supersedes_id", allow_null=True)

    class Meta:
        model = Reassessment
        fields: tuple[str, ...] = (
            "id",
            "patient",
            "status",
            "version",
            "supersedes",
            "assessed_on",
            "revision",
            "safety_flag",
            "author",
            "created_at",
            "updated_at",
            "completed_at",
            "signed_at",
            "signed_by",
        )
        read_only_fields: tuple[str, ...] = fields


class ReassessmentDetailSerializer(ReassessmentSummarySerializer):
    document = serializers.JSONField()
    computed = serializers.JSONField()

    class Meta(ReassessmentSummarySerializer.Meta):
        fields = (*ReassessmentSummarySerializer.Meta.fields, "document", "computed")
        read_only_fields = fields


def _detail(reassessment: Reassessment) -> dict[str, Any]:
    """The detail body, with an older stored document and summary read as the current schema."""
    data = dict(ReassessmentDetailSerializer(reassessment).data)
    data["document"] = current_document(reassessment.document)
    data["computed"] = current_computed(reassessment)
    return data


class RevisionSerializer(serializers.Serializer[Any]):
    revision = serializers.IntegerField(
        min_value=1, help_text="The revision the change is based on; refused (409) when someone saved since"
    )


class DocumentUpdateSerializer(RevisionSerializer):
    document = serializers.JSONField()


class SafetyActionSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=SafetyActionKind.choices)
    note = limits.api_text(limits.SAFETY_NOTE)


def _revision(request: AuthenticatedRequest) -> int:
    serializer = RevisionSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    revision: int = serializer.validated_data["revision"]
    return revision


@role_required(*PATIENT_READERS)
class PatientReassessmentListApi(APIView):
    @extend_schema(responses={200: ReassessmentSummarySerializer(many=True), **error_responses(404)})
    def get(self, request: AuthenticatedRequest, patient_id: uuid.UUID) -> Response:
        patient = patient_get_for_user(user=request.user, patient_id=patient_id, action="reassessment.listed")
        rows = reassessment_list_for_patient(user=request.user, patient=patient)
        return Response(ReassessmentSummarySerializer(rows, many=True).data)

    @writer_only
    @extend_schema(
        request=ReassessmentDocument,
        responses={201: ReassessmentDetailSerializer, **error_responses(400, 404)},
        description="Start a draft: an empty body starts a blank one dated today; a document starts from it.",
    )
    def post(self, request: AuthenticatedRequest, patient_id: uuid.UUID) -> Response:
        patient = patient_get_for_user(user=request.user, patient_id=patient_id)
        document = request.data if request.data else None
        reassessment = services.reassessment_create(actor=request.user, patient=patient, document=document)
        return Response(_detail(reassessment), status=status.HTTP_201_CREATED)


@role_required(*PATIENT_READERS)
class PatientReassessmentImportApi(APIView):
    @writer_only
    @extend_schema(
        request=ReassessmentDocument,
        responses={201: ReassessmentDetailSerializer, **error_responses(400, 404)},
    )
    def post(self, request: AuthenticatedRequest, patient_id: uuid.UUID) -> Response:
        """Import an exported document as a new draft (the date of birth must match the record)."""
        patient = patient_get_for_user(user=request.user, patient_id=patient_id)
        if request.data is None:  # a JSON null: the service would start a blank draft, as if imported
            raise DocumentInvalid({"non_field_errors": ["expected the exported document, a JSON object"]})
        reassessment = services.reassessment_create(
            actor=request.user, patient=patient, document=request.data, imported=True
        )
        return Response(_detail(reassessment), status=status.HTTP_201_CREATED)


@role_required(*PATIENT_READERS)
class ReassessmentDetailApi(APIView):
    @extend_schema(responses={200: ReassessmentDetailSerializer, **error_responses(404)})
    def get(self, request: AuthenticatedRequest, reassessment_id: uuid.UUID) -> Response:
        reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
        return Response(_detail(reassessment))


@role_required(*PATIENT_READERS)
class ReassessmentDocumentApi(APIView):
    @extend_schema(responses={200: ReassessmentDocument, **error_responses(404)})
    def get(self, request: AuthenticatedRequest, reassessment_id: uuid.UUID) -> Response:
        """Export: the document alone, as the import takes it."""
        reassessment = reassessment_get_for_user(
            user=request.user, reassessment_id=reassessment_id, action="reassessment.exported"
        )
        response = Response(current_document(reassessment.document))
        response["Content-Disposition"] = f'attachment; filename="reassessment-{reassessment.id}.json"'
        return response

    @writer_only
    @extend_schema(
        request=DocumentUpdateSerializer,
        responses={200: ReassessmentDetailSerializer, **error_responses(400, 404, 409)},
    )
    def put(self, request: AuthenticatedRequest, reassessment_id: uuid.UUID) -> Response:
        reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
        serializer = DocumentUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reassessment = services.reassessment_update(
            actor=request.user,
            reassessment=reassessment,
            document=serializer.validated_data["document"],
            revision=serializer.validated_data["revision"],
        )
        return Response(_detail(reassessment))


def _transition_api(service: Any, *, doc: str) -> type[APIView]:
    """One small view per state change: complete, reopen, sign."""

    @role_required(*PATIENT_READERS)
    class TransitionApi(APIView):
        @writer_only
        @extend_schema(
            request=RevisionSerializer,
            responses={200: ReassessmentDetailSerializer, **error_responses(400, 404, 409)},
            description=doc,
        )
        def post(self, request: AuthenticatedRequest, reassessment_id: uuid.UUID) -> Response:
            # The record first: one of another clinic is a 404 whatever the body holds.
            reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
            revision = _revision(request)
            reassessment = service(actor=request.user, reassessment=reassessment, revision=revision)
            return Response(_detail(reassessment))

    TransitionApi.__name__ = TransitionApi.__qualname__ = (
        f"Reassessment{service.__name__.split('_')[-1].title()}Api"
    )
    return TransitionApi


ReassessmentCompleteApi = _transition_api(
    services.reassessment_complete, doc="Mark ready to sign (needs diagnosis, PHQ-9, C-SSRS, safety action)."
)
ReassessmentReopenApi = _transition_api(
    services.reassessment_reopen, doc="Return a complete reassessment to draft."
)
ReassessmentSignApi = _transition_api(
    services.reassessment_sign, doc="Sign: the reassessment becomes immutable."
)


@role_required(*PATIENT_READERS)
class ReassessmentAmendApi(APIView):
    @writer_only
    @extend_schema(request=None, responses={201: ReassessmentDetailSerializer, **error_responses(404, 409)})
    def post(self, request: AuthenticatedRequest, reassessment_id: uuid.UUID) -> Response:
        reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
        amendment = services.reassessment_amend(actor=request.user, reassessment=reassessment)
        return Response(_detail(amendment), status=status.HTTP_201_CREATED)


@role_required(*PATIENT_READERS)
class ReassessmentSafetyActionApi(APIView):
    @writer_only
    @extend_schema(
        request=SafetyActionSerializer, responses={201: SafetyActionSerializer, **error_responses(400, 404)}
    )
    def post(self, request: AuthenticatedRequest, reassessment_id: uuid.UUID) -> Response:
        reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
        serializer = SafetyActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = services.safety_action_record(
            actor=request.user, reassessment=reassessment, **serializer.validated_data
        )
        return Response({"kind": action.kind, "note": action.note}, status=status.HTTP_201_CREATED)
