"""Read-only catalog API. Every role may read it: the catalog holds no patient data."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedRequest
from elevium.accounts.roles import ALL_ROLES
from elevium.lib.api_errors import error_responses

from . import selectors
from .models import BillingCode, MonitoringRequirement, Protocol, RegulatoryStatus, Treatment


class ProtocolOutputSerializer(serializers.ModelSerializer[Protocol]):
    class Meta:
        model = Protocol
        fields = (
            "slug",
            "name",
            "phase",
            "sessions",
            "frequency",
            "weeks",
            "dose",
            "session_minutes",
            "notes",
            "source",
            "confirmed",
        )
        read_only_fields = fields


class RegulatoryStatusOutputSerializer(serializers.ModelSerializer[RegulatoryStatus]):
    class Meta:
        model = RegulatoryStatus
        fields = (
            "indication",
            "status",
            "population",
            "product",
            "since",
            "since_date",
            "notes",
            "source",
            "confirmed",
        )
        read_only_fields = fields


class MonitoringOutputSerializer(serializers.ModelSerializer[MonitoringRequirement]):
    class Meta:
        model = MonitoringRequirement
        fields = ("requirement", "when", "minimum_minutes", "notes", "source", "confirmed")
        read_only_fields = fields


class BillingCodeOutputSerializer(serializers.ModelSerializer[BillingCode]):
    replaces = serializers.CharField(
        source="replaces.code", allow_null=True, default=None, help_text="The code this one supersedes"
    )

    class Meta:
        model = BillingCode
        fields = (
            "code_system",
            "code",
            "description",
            "notes",
            "effective_from",
            "replaces",
            "source",
            "confirmed",
        )
        read_only_fields = fields


class TreatmentOutputSerializer(serializers.ModelSerializer[Treatment]):
    protocols = ProtocolOutputSerializer(many=True)
    regulatory_statuses = RegulatoryStatusOutputSerializer(many=True)
    monitoring = MonitoringOutputSerializer(many=True)
    billing_codes = BillingCodeOutputSerializer(many=True)

    class Meta:
        model = Treatment
        fields = (
            "slug",
            "name",
            "summary",
            "time_to_effect",
            "patient_must_arrange",
            "requires_daily_visits",
            "requires_driver",
            "controlled_substance_schedule",
            "rems_program",
            "common_side_effects",
            "sources",
            "protocols",
            "regulatory_statuses",
            "monitoring",
            "billing_codes",
        )
        read_only_fields = fields


@role_required(*ALL_ROLES)
class TreatmentListApi(APIView):
    @extend_schema(responses={200: TreatmentOutputSerializer(many=True), **error_responses()})
    def get(self, request: AuthenticatedRequest) -> Response:
        # Three treatments: the whole catalog in one unpaginated answer, in 5 queries.
        return Response(TreatmentOutputSerializer(selectors.treatment_list(), many=True).data)


@role_required(*ALL_ROLES)
class TreatmentDetailApi(APIView):
    @extend_schema(responses={200: TreatmentOutputSerializer, **error_responses(404)})
    def get(self, request: AuthenticatedRequest, treatment_slug: str) -> Response:
        return Response(TreatmentOutputSerializer(selectors.treatment_get(treatment_slug)).data)
