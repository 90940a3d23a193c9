"""Reassessment API. The request and response body of a document is the pydantic
``ReassessmentDocument``; views parse, authorize, call one service or selector, render."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.roles import Role
from elevium.lib import limits
from elevium.lib.api_errors import error_responses
from patients.selectors import patient_get_for_user

from . import services
from .documents import ReassessmentDocument
from .errors import Conflict, DocumentInvalid
from .models import Reassessment, SafetyActionKind
from .selectors import reassessment_get_for_user, reassessment_list_for_patient
from .stored import current_computed, current_document

READ_ROLES = (Role.CLINICIAN, Role.CARE_COORDINATOR, Role.REVIEWER)
WRITE_ROLES = (Role.CLINICIAN,)


class ReassessmentSummarySerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username")
    signed_by = serializers.CharField(source="signed_by.username", allow_null=True, default=None)
    supersedes = serializers.UUIDField(source="supersedes_id", allow_null=True)

    class Meta:
        model = Reassessment
        fields = (
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
        read_only_fields = fields


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


class RevisionSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        min_value=1, help_text="The revision the change is based on; refused (409) when someone saved since"
    )


class DocumentUpdateSerializer(RevisionSerializer):
    document = serializers.JSONField()


class SafetyActionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SafetyActionKind.choices)
    note = limits.api_text(limits.SAFETY_NOTE)


class ReassessmentApi(APIView):
    """Maps the services' errors: every field error by path (400), illegal state changes (409)."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DocumentInvalid):
            exc = ValidationError(exc.errors)
        elif isinstance(exc, Conflict):
            body = {"detail": str(exc), "status": exc.status, "allowed": [str(s) for s in exc.allowed]}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return super().handle_exception(exc)

    def require_writer(self, request: Request) -> None:
        if request.user.role not in WRITE_ROLES:
            self.permission_denied(request, message="Only clinicians change reassessments.")

    @staticmethod
    def revision(request: Request) -> int | None:
        serializer = RevisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["revision"]


@role_required(*READ_ROLES)
class PatientReassessmentListApi(ReassessmentApi):
    @extend_schema(responses={200: ReassessmentSummarySerializer(many=True), **error_responses(404)})
    def get(self, request: Request, patient_id: uuid.UUID) -> Response:
        patient = patient_get_for_user(user=request.user, patient_id=patient_id, action="reassessment.listed")
        rows = reassessment_list_for_patient(user=request.user, patient=patient)
        return Response(ReassessmentSummarySerializer(rows, many=True).data)

    @extend_schema(
        request=ReassessmentDocument,
        responses={201: ReassessmentDetailSerializer, **error_responses(400, 404)},
        description="Start a draft: an empty body starts a blank one dated today; a document starts from it.",
    )
    def post(self, request: Request, patient_id: uuid.UUID) -> Response:
        self.require_writer(request)
        patient = patient_get_for_user(user=request.user, patient_id=patient_id)
        document = request.data if request.data else None
        reassessment = services.reassessment_create(actor=request.user, patient=patient, document=document)
        return Response(_detail(reassessment), status=status.HTTP_201_CREATED)


@role_required(*READ_ROLES)
class PatientReassessmentImportApi(ReassessmentApi):
    @extend_schema(
        request=ReassessmentDocument,
        responses={201: ReassessmentDetailSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, patient_id: uuid.UUID) -> Response:
        """Import an exported document as a new draft (the date of birth must match the record)."""
        self.require_writer(request)
        patient = patient_get_for_user(user=request.user, patient_id=patient_id)
        if request.data is None:  # a JSON null: the service would start a blank draft, as if imported
            raise DocumentInvalid({"non_field_errors": ["expected the exported document, a JSON object"]})
        reassessment = services.reassessment_create(
            actor=request.user, patient=patient, document=request.data, imported=True
        )
        return Response(_detail(reassessment), status=status.HTTP_201_CREATED)


@role_required(*READ_ROLES)
class ReassessmentDetailApi(ReassessmentApi):
    @extend_schema(responses={200: ReassessmentDetailSerializer, **error_responses(404)})
    def get(self, request: Request, reassessment_id: uuid.UUID) -> Response:
        reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
        return Response(_detail(reassessment))


@role_required(*READ_ROLES)
class ReassessmentDocumentApi(ReassessmentApi):
    @extend_schema(responses={200: ReassessmentDocument, **error_responses(404)})
    def get(self, request: Request, reassessment_id: uuid.UUID) -> Response:
        """Export: the document alone, as the import takes it."""
        reassessment = reassessment_get_for_user(
            user=request.user, reassessment_id=reassessment_id, action="reassessment.exported"
        )
        response = Response(current_document(reassessment.document))
        response["Content-Disposition"] = f'attachment; filename="reassessment-{reassessment.id}.json"'
        return response

    @extend_schema(
        request=DocumentUpdateSerializer,
        responses={200: ReassessmentDetailSerializer, **error_responses(400, 404, 409)},
    )
    def put(self, request: Request, reassessment_id: uuid.UUID) -> Response:
        self.require_writer(request)
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


def _transition_api(service: Any, *, doc: str) -> type[ReassessmentApi]:
    """One small view per state change: complete, reopen, sign."""

    @role_required(*READ_ROLES)
    class TransitionApi(ReassessmentApi):
        @extend_schema(
            request=RevisionSerializer,
            responses={200: ReassessmentDetailSerializer, **error_responses(400, 404, 409)},
            description=doc,
        )
        def post(self, request: Request, reassessment_id: uuid.UUID) -> Response:
            self.require_writer(request)
            # The record first: one of another clinic is a 404 whatever the body holds.
            reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
            revision = self.revision(request)
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


@role_required(*READ_ROLES)
class ReassessmentAmendApi(ReassessmentApi):
    @extend_schema(request=None, responses={201: ReassessmentDetailSerializer, **error_responses(404, 409)})
    def post(self, request: Request, reassessment_id: uuid.UUID) -> Response:
        self.require_writer(request)
        reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
        amendment = services.reassessment_amend(actor=request.user, reassessment=reassessment)
        return Response(_detail(amendment), status=status.HTTP_201_CREATED)


@role_required(*READ_ROLES)
class ReassessmentSafetyActionApi(ReassessmentApi):
    @extend_schema(
        request=SafetyActionSerializer, responses={201: SafetyActionSerializer, **error_responses(400, 404)}
    )
    def post(self, request: Request, reassessment_id: uuid.UUID) -> Response:
        self.require_writer(request)
        reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
        serializer = SafetyActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = services.safety_action_record(
            actor=request.user, reassessment=reassessment, **serializer.validated_data
        )
        return Response({"kind": action.kind, "note": action.note}, status=status.HTTP_201_CREATED)
