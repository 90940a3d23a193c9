"""Benefits and prior-authorization API. Thin: parse, authorize, call one service or selector, render.

Care coordinators write; clinicians and reviewers read. Errors: every field by name (400), a
missing checklist (400 listing the items), illegal transitions and stale revisions (409 with
the allowed next states), an unknown or invisible case (404).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedRequest
from elevium.accounts.models import User
from elevium.accounts.roles import PA_WORKERS, PATIENT_READERS
from elevium.lib import limits
from elevium.lib.api_errors import TRANSITION_400, error_responses
from elevium.lib.serializers import FastReadMixin
from eligibility.selectors import evaluation_get_for_user
from treatments.models import TreatmentSlug

from . import selectors, services
from .estimates import CourseCost, course_for, missing_prices, with_fees
from .forms import SPRAVATO_DOSES
from .models import CheckMethod, CoverageStatus, PaCase, PaCaseStatus, PaChecklistItem, PaEvent, Priority
from .transitions import allowed_next

PAGE_SIZE = 50
COUNT_MAX = limits.COUNT_MAX


# Clinicians and reviewers read cases; every change is a care coordinator's.
coordinator_only = role_required(*PA_WORKERS, message="Only care coordinators change benefits and PA cases.")


# --- Serializers ----------------------------------------------------------------------------------


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PaChecklistItem
        fields = (
            "code",
            "label",
            "required",
            "satisfied",
            "satisfied_by",
            "evidence",
            "closes_with",
            "source",
            "note",
        )
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)

    class Meta:
        model = PaEvent
        fields = ("at", "actor", "kind", "from_status", "to_status", "note", "data")
        read_only_fields = fields


class CaseSummarySerializer(FastReadMixin, serializers.ModelSerializer):
    patient = serializers.UUIDField(source="patient_id")
    coverage = serializers.UUIDField(source="coverage_id")
    payer = serializers.CharField(source="coverage.plan.payer.name")
    plan = serializers.CharField(source="coverage.plan.name")
    owner = serializers.CharField(source="owner.username", allow_null=True, default=None)
    is_overdue = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = PaCase
        fields = (
            "id",
            "patient",
            "coverage",
            "payer",
            "plan",
            "treatment",
            "status",
            "revision",
            "owner",
            "priority",
            "expedited",
            "submitted_at",
            "decision_due_at",
            "next_follow_up_at",
            "is_overdue",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class CaseDetailSerializer(CaseSummarySerializer):
    evaluation = serializers.UUIDField(source="evaluation_id")
    allowed = serializers.SerializerMethodField()
    renewal = serializers.SerializerMethodField()
    checklist = ChecklistItemSerializer(many=True)
    events = EventSerializer(many=True)

    class Meta(CaseSummarySerializer.Meta):
        fields = (
            *CaseSummarySerializer.Meta.fields,
            "evaluation",
            "authorization_number",
            "approved_units",
            "used_units",
            "valid_from",
            "valid_until",
            "notes",
            "allowed",
            "renewal",
            "checklist",
            "events",
        )
        read_only_fields = fields

    def get_allowed(self, case: PaCase) -> list[str]:
        return [str(s) for s in allowed_next(case.status)]  # type: ignore[arg-type]

    def get_renewal(self, case: PaCase) -> list[dict[str, str]]:
        return [r.model_dump() for r in selectors.pa_case_renewal(case=case, now=timezone.now())]


def _detail(user: User, case_id: uuid.UUID) -> dict[str, Any]:
    """The case as it is after a write, read without a second audit event."""
    case = selectors.pa_case_get_for_user(user=user, case_id=case_id, audit=False)
    return CaseDetailSerializer(case).data


class WorklistFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PaCaseStatus.choices, required=False)
    payer = serializers.IntegerField(required=False, min_value=1)
    treatment = serializers.ChoiceField(choices=TreatmentSlug.choices, required=False)
    owner = serializers.IntegerField(required=False, min_value=1)
    unassigned = serializers.BooleanField(required=False, default=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)


class CaseCreateSerializer(serializers.Serializer):
    evaluation_id = serializers.UUIDField()
    coverage_id = serializers.UUIDField()
    treatment = serializers.ChoiceField(choices=TreatmentSlug.choices)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    expedited = serializers.BooleanField(default=False)


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=PaCaseStatus.choices)
    revision = serializers.IntegerField(min_value=1)
    note = limits.api_text(limits.NOTE, required=False, allow_blank=True, default="")


class AssignSerializer(serializers.Serializer):
    case_ids = serializers.ListField(child=serializers.UUIDField(), min_length=1, max_length=500)
    owner = serializers.IntegerField(
        allow_null=True, help_text="A care coordinator's user id; null unassigns"
    )


class AssignOutputSerializer(serializers.Serializer):
    assigned = serializers.ListField(child=serializers.UUIDField(), help_text="The cases assigned")
    owner = serializers.IntegerField(allow_null=True, help_text="Their owner now; null when unassigned")


class ChecklistMarkSerializer(serializers.Serializer):
    code = limits.api_text(limits.CHECKLIST_CODE)
    satisfied = serializers.BooleanField()
    note = limits.api_text(limits.CHECKLIST_NOTE, required=False, allow_blank=True, default="")


class ApprovalSerializer(serializers.Serializer):
    authorization_number = limits.api_text(limits.AUTHORIZATION_NUMBER)
    approved_units = serializers.IntegerField(
        min_value=1, max_value=COUNT_MAX, allow_null=True, required=False, default=None
    )
    valid_from = limits.api_date()
    valid_until = limits.api_date()
    revision = serializers.IntegerField(min_value=1)
    note = limits.api_text(limits.NOTE, required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    text = limits.api_text(limits.NOTE)


_money = {"max_digits": limits.MONEY_DIGITS, "decimal_places": limits.MONEY_PLACES, "min_value": 0}


class BenefitsCheckSerializer(serializers.Serializer):
    treatment = serializers.ChoiceField(choices=TreatmentSlug.choices)
    method = serializers.ChoiceField(choices=[c for c in CheckMethod.choices if c[0] != CheckMethod.PENDING])
    coverage_status = serializers.ChoiceField(choices=CoverageStatus.choices)
    pa_required = serializers.BooleanField(allow_null=True, required=False, default=None)
    deductible = serializers.DecimalField(**_money, default=0)  # type: ignore[arg-type]
    deductible_met = serializers.DecimalField(**_money, default=0)  # type: ignore[arg-type]
    coinsurance_pct = serializers.DecimalField(
        max_digits=5, decimal_places=limits.MONEY_PLACES, min_value=0, max_value=100, default=0
    )
    copay = serializers.DecimalField(**_money, default=0)  # type: ignore[arg-type]
    oop_max = serializers.DecimalField(**_money, allow_null=True, required=False, default=None)  # type: ignore[arg-type]
    oop_met = serializers.DecimalField(**_money, default=0)  # type: ignore[arg-type]
    visit_limit = serializers.IntegerField(
        min_value=0, max_value=COUNT_MAX, allow_null=True, required=False, default=None
    )
    visits_used = serializers.IntegerField(min_value=0, max_value=COUNT_MAX, default=0)
    reference = limits.api_text(limits.BENEFITS_REFERENCE, required=False, allow_blank=True, default="")
    note = limits.api_text(limits.BENEFITS_NOTE, required=False, allow_blank=True, default="")


class EstimateSerializer(serializers.Serializer):
    """Prices are the clinic's (allowed amounts); no dollar figure lives in the code."""

    treatment = serializers.ChoiceField(choices=TreatmentSlug.choices)
    price_initial = serializers.DecimalField(**_money, required=False, help_text="TMS 90867")  # type: ignore[arg-type]
    price_subsequent = serializers.DecimalField(**_money, required=False, help_text="TMS 90868")  # type: ignore[arg-type]
    price_g2082 = serializers.DecimalField(**_money, required=False)  # type: ignore[arg-type]
    price_g2083 = serializers.DecimalField(**_money, required=False)  # type: ignore[arg-type]
    dose_mg = serializers.ChoiceField(choices=SPRAVATO_DOSES, default=84)
    maintenance_dose_mg = serializers.ChoiceField(
        choices=SPRAVATO_DOSES, required=False, allow_null=True, default=None
    )
    maintenance_sessions = serializers.IntegerField(
        min_value=0, max_value=limits.MAINTENANCE_SESSIONS, default=0
    )
    price_infusion = serializers.DecimalField(**_money, required=False, help_text="Ketamine, all-inclusive")  # type: ignore[arg-type]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A price not given is the clinic's fee schedule's, when it has one.
        attrs = with_fees(attrs, self.context.get("fees", {}))
        missing = missing_prices(attrs)
        if missing:
            raise serializers.ValidationError(missing)
        return attrs

    def course(self) -> CourseCost:
        return course_for(dict(self.validated_data))


class Pagination(PageNumberPagination):
    page_size = PAGE_SIZE

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):  # DRF writes OpenAPI 3.0's `nullable`; the schema is 3.1
            paginated["properties"][link] = {"type": ["string", "null"], "format": "uri"}
        paginated["properties"]["counters"] = {
            "type": "object",
            "additionalProperties": {"type": "integer"},
            "description": "Cases overdue and due today, over the whole worklist",
        }
        return paginated


def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --- Views ------------------------------------------------------------------------------------------


@role_required(*PATIENT_READERS)
class PaCaseListApi(APIView):
    pagination_class = Pagination  # read by drf-spectacular too: the schema shows the page envelope

    @extend_schema(
        parameters=[WorklistFilterSerializer],
        responses={200: CaseSummarySerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        """The worklist: overdue first, then due soonest; with the overdue and due-today counters."""
        filters = _valid(WorklistFilterSerializer, request.query_params)
        now = timezone.now()
        ids = selectors.pa_case_worklist_ids(user=request.user, now=now, **filters)
        paginator = self.pagination_class()
        page = selectors.pa_case_worklist_rows(
            ids=paginator.paginate_queryset(ids, request, view=self), now=now
        )
        selectors.pa_case_list_audit(user=request.user, cases=page)
        response = paginator.get_paginated_response(CaseSummarySerializer(page, many=True).data)
        response.data["counters"] = selectors.pa_case_counters(user=request.user, now=now)
        return response

    @coordinator_only
    @extend_schema(
        request=CaseCreateSerializer, responses={201: CaseDetailSerializer, **error_responses(400, 404, 409)}
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        data = _valid(CaseCreateSerializer, request.data)
        evaluation = evaluation_get_for_user(user=request.user, evaluation_id=data["evaluation_id"])
        coverage = selectors.coverage_get_for_user(user=request.user, coverage_id=data["coverage_id"])
        case = services.pa_case_create_from_evaluation(
            actor=request.user,
            evaluation=evaluation,
            treatment=data["treatment"],
            coverage=coverage,
            priority=data["priority"],
            expedited=data["expedited"],
        )
        return Response(_detail(request.user, case.id), status=status.HTTP_201_CREATED)


@role_required(*PATIENT_READERS)
class PaCaseDetailApi(APIView):
    @extend_schema(responses={200: CaseDetailSerializer, **error_responses(404)})
    def get(self, request: AuthenticatedRequest, case_id: uuid.UUID) -> Response:
        case = selectors.pa_case_get_for_user(user=request.user, case_id=case_id)
        return Response(CaseDetailSerializer(case).data)


@role_required(*PATIENT_READERS)
class PaCaseTransitionApi(APIView):
    @coordinator_only
    @extend_schema(
        request=TransitionSerializer,
        responses={200: CaseDetailSerializer, **error_responses(400, 404, 409, bad_request=TRANSITION_400)},
    )
    def post(self, request: AuthenticatedRequest, case_id: uuid.UUID) -> Response:
        case = selectors.pa_case_get_for_user(user=request.user, case_id=case_id, audit=False)
        data = _valid(TransitionSerializer, request.data)
        services.pa_case_transition(actor=request.user, case=case, **data)
        return Response(_detail(request.user, case.id))


@role_required(*PATIENT_READERS)
class PaCaseAssignApi(APIView):
    @coordinator_only
    @extend_schema(
        request=AssignSerializer, responses={200: AssignOutputSerializer, **error_responses(400, 404)}
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        """Assign one or many cases at once (owner null unassigns)."""
        data = _valid(AssignSerializer, request.data)
        cases = selectors.pa_cases_for_user(user=request.user, case_ids=data["case_ids"])
        owner = None
        if data["owner"] is not None:
            owner = selectors.colleague_get(user=request.user, user_id=data["owner"])
            if owner is None:
                raise ValidationError({"owner": ["no such colleague"]})
        rows = services.pa_case_assign(actor=request.user, cases=cases, owner=owner)
        return Response({"assigned": [str(r.id) for r in rows], "owner": data["owner"]})


@role_required(*PATIENT_READERS)
class PaCaseChecklistApi(APIView):
    @coordinator_only
    @extend_schema(
        request=ChecklistMarkSerializer,
        responses={200: CaseDetailSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, case_id: uuid.UUID) -> Response:
        case = selectors.pa_case_get_for_user(user=request.user, case_id=case_id, audit=False)
        data = _valid(ChecklistMarkSerializer, request.data)
        services.pa_case_checklist_mark(actor=request.user, case=case, **data)
        return Response(_detail(request.user, case.id))


@role_required(*PATIENT_READERS)
class PaCaseApprovalApi(APIView):
    @coordinator_only
    @extend_schema(
        request=ApprovalSerializer, responses={200: CaseDetailSerializer, **error_responses(400, 404, 409)}
    )
    def post(self, request: AuthenticatedRequest, case_id: uuid.UUID) -> Response:
        case = selectors.pa_case_get_for_user(user=request.user, case_id=case_id, audit=False)
        data = _valid(ApprovalSerializer, request.data)
        services.pa_case_record_approval(actor=request.user, case=case, **data)
        return Response(_detail(request.user, case.id))


@role_required(*PATIENT_READERS)
class PaCaseNoteApi(APIView):
    @coordinator_only
    @extend_schema(request=NoteSerializer, responses={201: CaseDetailSerializer, **error_responses(400, 404)})
    def post(self, request: AuthenticatedRequest, case_id: uuid.UUID) -> Response:
        case = selectors.pa_case_get_for_user(user=request.user, case_id=case_id, audit=False)
        data = _valid(NoteSerializer, request.data)
        services.pa_case_note(actor=request.user, case=case, text=data["text"])
        return Response(_detail(request.user, case.id), status=status.HTTP_201_CREATED)


@role_required(*PATIENT_READERS)
class BenefitsCheckApi(APIView):
    @coordinator_only
    @extend_schema(
        request=BenefitsCheckSerializer, responses={201: BenefitsCheckSerializer, **error_responses(400, 404)}
    )
    def post(self, request: AuthenticatedRequest, coverage_id: uuid.UUID) -> Response:
        coverage = selectors.coverage_get_for_user(user=request.user, coverage_id=coverage_id)
        data = _valid(BenefitsCheckSerializer, request.data)
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
