"""Patient API. Thin: parse with a serializer, call a selector or service, render."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedRequest
from elevium.accounts.roles import PATIENT_READERS, PATIENT_WRITERS
from elevium.lib.api_errors import error_responses
from elevium.lib.pagination import Pagination as BasePagination
from elevium.lib.serializers import FastReadMixin

from .models import Patient, SexAtBirth
from .selectors import patient_get_for_user, patient_list_audit, patient_search
from .services import patient_create, patient_update
from .views import PAGE_SIZE


class PatientOutputSerializer(FastReadMixin, serializers.ModelSerializer[Patient]):
    class Meta:
        model = Patient
        fields = (
            "id",
            "clinic",
            "mrn",
            "family_name",
            "given_name",
            "date_of_birth",
            "sex_at_birth",
            "gender_identity",
            "revision",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class PatientInputSerializer(serializers.Serializer[Any]):
    clinic = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="One of your clinics; may be left out when you belong to exactly one.",
    )
    mrn = serializers.CharField(max_length=32)
    family_name = serializers.CharField(max_length=100)
    given_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField()
    sex_at_birth = serializers.ChoiceField(choices=SexAtBirth.choices)
    gender_identity = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class PatientUpdateSerializer(PatientInputSerializer):
    revision = serializers.IntegerField(
        min_value=1, help_text="The revision the edit starts from; a stale one is refused with 409."
    )


class StalePatientSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    revision = serializers.IntegerField(help_text="The record's current revision")


class PatientSearchInputSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(max_length=100)


def _as_drf_error(exc: DjangoValidationError) -> ValidationError:
    """Every field error by field name, as the forms show them (STYLE.md: list every error)."""
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
    return ValidationError(detail)


class Pagination(BasePagination):
    page_size = PAGE_SIZE


@role_required(*PATIENT_READERS)
class PatientListApi(APIView):
    pagination_class = Pagination  # read by drf-spectacular too: the schema shows the page envelope

    @extend_schema(responses={200: PatientOutputSerializer(many=True), **error_responses(404)})
    def get(self, request: AuthenticatedRequest) -> Response:
        paginator = self.pagination_class()
        page: list[Patient] = paginator.page_rows(patient_search(user=request.user), request, view=self)
        patient_list_audit(user=request.user, patients=page)
        return paginator.get_paginated_response(PatientOutputSerializer(page, many=True).data)

    @role_required(*PATIENT_WRITERS, message="Your role may read but not register patients.")
    @extend_schema(
        request=PatientInputSerializer, responses={201: PatientOutputSerializer, **error_responses(400)}
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = PatientInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            patient = patient_create(actor=request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise _as_drf_error(exc) from None
        return Response(PatientOutputSerializer(patient).data, status=status.HTTP_201_CREATED)


@role_required(*PATIENT_READERS)
class PatientSearchApi(APIView):
    """POST, not GET: the query holds names or MRNs, which must stay out of URLs and access logs."""

    @extend_schema(
        request=PatientSearchInputSerializer,
        responses={200: PatientOutputSerializer(many=True), **error_responses(400)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = PatientSearchInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = list(patient_search(user=request.user, query=serializer.validated_data["q"])[:PAGE_SIZE])
        patient_list_audit(user=request.user, patients=rows)
        return Response(PatientOutputSerializer(rows, many=True).data)


@role_required(*PATIENT_READERS)
class PatientDetailApi(APIView):
    @extend_schema(responses={200: PatientOutputSerializer, **error_responses(404)})
    def get(self, request: AuthenticatedRequest, patient_id: uuid.UUID) -> Response:
        patient = patient_get_for_user(user=request.user, patient_id=patient_id)
        return Response(PatientOutputSerializer(patient).data)

    @role_required(*PATIENT_WRITERS, message="Your role may read but not edit patients.")
    @extend_schema(
        request=PatientUpdateSerializer(partial=True),
        responses={
            200: PatientOutputSerializer,
            **error_responses(400, 404),
            409: OpenApiResponse(StalePatientSerializer, description="Saved by someone else since: reload"),
        },
    )
    def patch(self, request: AuthenticatedRequest, patient_id: uuid.UUID) -> Response:
        patient = patient_get_for_user(user=request.user, patient_id=patient_id)
        serializer = PatientUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes: dict[str, Any] = dict(serializer.validated_data)
        revision = changes.pop("revision", None)
        if revision is None:  # partial=True makes every field optional; this one is not
            raise ValidationError({"revision": ["This field is required."]})
        if "clinic" in changes:
            # Moving a record between clinics changes who may see it: an administrator's act, not an edit.
            raise ValidationError({"clinic": ["A patient's clinic cannot be changed here."]})
        try:
            patient = patient_update(actor=request.user, patient=patient, revision=revision, **changes)
        except DjangoValidationError as exc:
            raise _as_drf_error(exc) from None
        return Response(PatientOutputSerializer(patient).data)
