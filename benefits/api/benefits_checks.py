"""A coverage's benefits checks (a coordinator records one) and the course's out-of-pocket estimate."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedRequest
from elevium.accounts.roles import PATIENT_READERS
from elevium.lib import limits
from elevium.lib.api_errors import error_responses
from treatments.models import TreatmentSlug

from .. import selectors, services
from ..courses import course_for, missing_prices, with_fees
from ..estimates import CourseCost
from ..forms import SPRAVATO_DOSES
from ..models import CheckMethod, CoverageStatus
from . import coordinator_only, validated


def _money(**kwargs: Any) -> serializers.DecimalField:
    """An amount in dollars and cents, never negative."""
    return serializers.DecimalField(
        max_digits=limits.MONEY_DIGITS, decimal_places=limits.MONEY_PLACES, min_value=0, **kwargs
    )


class BenefitsCheckSerializer(serializers.Serializer[Any]):
    treatment = serializers.ChoiceField(choices=TreatmentSlug.choices)
    method = serializers.ChoiceField(choices=[c for c in CheckMethod.choices if c[0] != CheckMethod.PENDING])
    coverage_status = serializers.ChoiceField(choices=CoverageStatus.choices)
    pa_required = serializers.BooleanField(allow_null=True, required=False, default=None)
    deductible = _money(default=0)
    deductible_met = _money(default=0)
    coinsurance_pct = serializers.DecimalField(
        max_digits=5, decimal_places=limits.MONEY_PLACES, min_value=0, max_value=100, default=Decimal(0)
    )
    copay = _money(default=0)
    oop_max = _money(allow_null=True, required=False, default=None)
    oop_met = _money(default=0)
    visit_limit = serializers.IntegerField(
        min_value=0, max_value=limits.COUNT_MAX, allow_null=True, required=False, default=None
    )
    visits_used = serializers.IntegerField(min_value=0, max_value=limits.COUNT_MAX, default=0)
    reference = limits.api_text(limits.BENEFITS_REFERENCE, required=False, allow_blank=True, default="")
    note = limits.api_text(limits.BENEFITS_NOTE, required=False, allow_blank=True, default="")


class EstimateSerializer(serializers.Serializer[Any]):
    """Prices are the clinic's (allowed amounts); no dollar figure lives in the code."""

    treatment = serializers.ChoiceField(choices=TreatmentSlug.choices)
    price_initial = _money(required=False, help_text="TMS 90867")
    price_subsequent = _money(required=False, help_text="TMS 90868")
    price_g2082 = _money(required=False)
    price_g2083 = _money(required=False)
    dose_mg = serializers.ChoiceField(choices=SPRAVATO_DOSES, default=84)
    maintenance_dose_mg = serializers.ChoiceField(
        choices=SPRAVATO_DOSES, required=False, allow_null=True, default=None
    )
    maintenance_sessions = serializers.IntegerField(
        min_value=0, max_value=limits.MAINTENANCE_SESSIONS, default=0
    )
    price_infusion = _money(required=False, help_text="Ketamine, all-inclusive")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A price not given is the clinic's fee schedule's, when it has one.
        attrs = with_fees(attrs, self.context.get("fees", {}))
        missing = missing_prices(attrs)
        if missing:
            raise serializers.ValidationError(missing)
        return attrs

    def course(self) -> CourseCost:
        return course_for(dict(self.validated_data))


@role_required(*PATIENT_READERS)
class BenefitsCheckApi(APIView):
    @coordinator_only
    @extend_schema(
        request=BenefitsCheckSerializer, responses={201: BenefitsCheckSerializer, **error_responses(400, 404)}
    )
    def post(self, request: AuthenticatedRequest, coverage_id: uuid.UUID) -> Response:
        coverage = selectors.coverage_get_for_user(user=request.user, coverage_id=coverage_id)
        data = validated(BenefitsCheckSerializer, request.data)
        check = services.benefits_check_record(actor=request.user, coverage=coverage, **data)
        body = {"id": str(check.id), "recorded_at": check.recorded_at, **BenefitsCheckSerializer(data).data}
        return Response(body, status=status.HTTP_201_CREATED)


@role_required(*PATIENT_READERS)
class BenefitsEstimateApi(APIView):
    @extend_schema(
        request=EstimateSerializer, responses={200: OpenApiTypes.OBJECT, **error_responses(400, 404)}
    )
    def post(self, request: AuthenticatedRequest, coverage_id: uuid.UUID) -> Response:
        """The whole course's out-of-pocket estimate for one treatment, line by line (a calculation:
        nothing is stored). A price left out is taken from the clinic's fee schedule."""
        coverage = selectors.coverage_get_for_user(user=request.user, coverage_id=coverage_id)
        serializer = EstimateSerializer(
            data=request.data, context={"fees": selectors.clinic_fees(patient_id=coverage.patient_id)}
        )
        serializer.is_valid(raise_exception=True)
        try:
            result, basis = selectors.benefits_estimate(
                coverage=coverage,
                treatment=serializer.validated_data["treatment"],
                course=serializer.course(),
            )
        except LookupError as exc:
            raise ValidationError({"treatment": [str(exc)]}) from None
        return Response({"basis": basis, **result.model_dump(mode="json")})
