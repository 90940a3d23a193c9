"""A patient's coverages over the API, as on the patient page: read by every member of staff of
the patient's clinic, added, changed and ended by coordinators and clinicians; and the plans to
choose from. Each write is one service of benefits/coverage_services.py."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedRequest
from elevium.accounts.roles import PATIENT_READERS, PATIENT_WRITERS
from elevium.audit.services import audit_record_many
from elevium.lib import limits
from elevium.lib.api_errors import error_responses
from patients.selectors import patient_get_for_user

from .. import selectors
from ..coverage_services import coverage_create, coverage_end, coverage_update
from ..models import Coverage, CoverageRank, Plan

# Reviewers read coverages; coordinators and clinicians add, change and end them.
coverage_writer = role_required(
    *PATIENT_WRITERS, message="Only coordinators and clinicians change coverages."
)


class PlanSerializer(serializers.ModelSerializer[Plan]):
    payer = serializers.CharField(source="payer.name")
    payer_kind = serializers.CharField(source="payer.kind")

    class Meta:
        model = Plan
        fields = ("id", "payer", "payer_kind", "name")
        read_only_fields = fields


class CoverageSerializer(serializers.ModelSerializer[Coverage]):
    plan = PlanSerializer()

    class Meta:
        model = Coverage
        fields = (
            "id",
            "patient",
            "plan",
            "member_id",
            "group_number",
            "rank",
            "valid_from",
            "valid_to",
            "revision",
        )
        read_only_fields = fields


class CoverageWriteSerializer(serializers.Serializer[Any]):
    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.select_related("payer"),
        error_messages={
            "does_not_exist": "Choose one of the listed plans.",
            "incorrect_type": "Choose a plan.",
        },
    )
    member_id = limits.api_text(limits.MEMBER_ID)
    group_number = limits.api_text(limits.GROUP_NUMBER, required=False, allow_blank=True)
    rank = serializers.ChoiceField(choices=CoverageRank.choices, required=False)
    valid_from = limits.api_date()
    valid_to = limits.api_date(required=False, allow_null=True)
    revision = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=limits.COUNT_MAX,
        help_text="On a change: the revision the coverage was read at; a stale one is refused (409).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("valid_from"), attrs.get("valid_to")
        if start and end and end < start:
            raise serializers.ValidationError({"valid_to": ["The coverage cannot end before it starts."]})
        return attrs


class CoverageEndSerializer(serializers.Serializer[Any]):
    valid_to = limits.api_date(help_text="The last day of cover")


@role_required(*PATIENT_READERS)
class PlanListApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Part of the payer's or the plan's name")],
        responses={200: PlanSerializer(many=True), **error_responses()},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        """The plans a coverage can name, by payer; ``q`` narrows them by name."""
        query = str(request.query_params.get("q", ""))[:100].strip()
        plans = Plan.objects.select_related("payer").order_by("payer__name", "name")
        if query:
            plans = plans.filter(Q(name__icontains=query) | Q(payer__name__icontains=query))
        return Response(PlanSerializer(plans, many=True).data)


@role_required(*PATIENT_READERS)
class PatientCoveragesApi(APIView):
    @extend_schema(responses={200: CoverageSerializer(many=True), **error_responses(404)})
    def get(self, request: AuthenticatedRequest, patient_id: uuid.UUID) -> Response:
        """The patient's coverages, primary first, ended ones included."""
        patient = patient_get_for_user(user=request.user, patient_id=patient_id)
        coverages = selectors.coverages_for_patient(user=request.user, patient_id=patient.id)
        audit_record_many(
            actor=request.user,
            action="coverage.listed",
            objects=coverages,
            patient_id_of=lambda c: c.patient_id,
        )
        return Response(CoverageSerializer(coverages, many=True).data)

    @coverage_writer
    @extend_schema(
        request=CoverageWriteSerializer, responses={201: CoverageSerializer, **error_responses(400, 404)}
    )
    def post(self, request: AuthenticatedRequest, patient_id: uuid.UUID) -> Response:
        """Add a coverage; the patient's evaluations are marked out of date."""
        patient = patient_get_for_user(user=request.user, patient_id=patient_id)
        serializer = CoverageWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = {k: v for k, v in serializer.validated_data.items() if k != "revision"}
        coverage = coverage_create(actor=request.user, patient=patient, **values)
        return Response(CoverageSerializer(coverage).data, status=status.HTTP_201_CREATED)


@role_required(*PATIENT_READERS)
class CoverageDetailApi(APIView):
    @extend_schema(responses={200: CoverageSerializer, **error_responses(404)})
    def get(self, request: AuthenticatedRequest, coverage_id: uuid.UUID) -> Response:
        coverage = selectors.coverage_get_for_user(user=request.user, coverage_id=coverage_id)
        return Response(CoverageSerializer(coverage).data)

    @coverage_writer
    @extend_schema(
        request=CoverageWriteSerializer(partial=True),
        responses={200: CoverageSerializer, **error_responses(400, 404, 409)},
    )
    def patch(self, request: AuthenticatedRequest, coverage_id: uuid.UUID) -> Response:
        """Change some of a coverage's fields; the patient's evaluations are marked out of date."""
        coverage = selectors.coverage_get_for_user(user=request.user, coverage_id=coverage_id)
        serializer = CoverageWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        coverage = coverage_update(actor=request.user, coverage=coverage, **serializer.validated_data)
        return Response(CoverageSerializer(coverage).data)


@role_required(*PATIENT_READERS)
class CoverageEndApi(APIView):
    @coverage_writer
    @extend_schema(
        request=CoverageEndSerializer, responses={200: CoverageSerializer, **error_responses(400, 404, 409)}
    )
    def post(self, request: AuthenticatedRequest, coverage_id: uuid.UUID) -> Response:
        """End a coverage on its last day of cover (409 when it has already ended)."""
        coverage = selectors.coverage_get_for_user(user=request.user, coverage_id=coverage_id)
        serializer = CoverageEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        coverage = coverage_end(actor=request.user, coverage=coverage, **serializer.validated_data)
        return Response(CoverageSerializer(coverage).data)
