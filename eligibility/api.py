"""Eligibility API: evaluate a stored reassessment or a posted document, read evaluations, decide."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedRequest
from elevium.accounts.roles import DECIDERS, EVALUATORS, PATIENT_READERS
from elevium.lib import limits
from elevium.lib.api_errors import error_responses
from elevium.lib.renderers import rendered_model
from reassessment.documents import ReassessmentDocument
from reassessment.selectors import reassessment_get_for_user
from treatments.models import TreatmentSlug

from . import services
from .engine import CandidacyReport
from .engine.models import STATUSES
from .models import DecisionKind, Evaluation
from .selectors import current_decisions, evaluation_get_for_user, evaluation_list_for_reassessment

evaluator_only = role_required(*EVALUATORS, message="Only clinicians and reviewers run evaluations.")


class EvaluationSummarySerializer(serializers.ModelSerializer[Evaluation]):
    requested_by = serializers.CharField(source="requested_by.username")

    class Meta:
        model = Evaluation
        fields: tuple[str, ...] = (
            "id",
            "reassessment",
            "patient",
            "created_at",
            "as_of",
            "reassessment_revision",
            "ruleset_version",
            "ruleset_hash",
            "urgent_safety_flag",
            "statuses",
            "requested_by",
        )
        read_only_fields: tuple[str, ...] = fields


class DecisionSerializer(serializers.Serializer[Any]):
    treatment = serializers.ChoiceField(choices=TreatmentSlug.choices)
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    clinician_status = serializers.ChoiceField(choices=STATUSES, required=False, allow_blank=True)
    reason = limits.api_text(limits.DECISION_REASON, required=False, allow_blank=True, default="")
    decided_by = serializers.CharField(source="decided_by.username", read_only=True)
    engine_status = serializers.CharField(read_only=True)
    decided_at = serializers.DateTimeField(read_only=True)


class EvaluationDetailSerializer(EvaluationSummarySerializer):
    report = serializers.JSONField()
    input_snapshot = serializers.JSONField()
    decisions = serializers.SerializerMethodField()

    class Meta(EvaluationSummarySerializer.Meta):
        fields = (*EvaluationSummarySerializer.Meta.fields, "report", "input_snapshot", "decisions")
        read_only_fields = fields

    @extend_schema(responses=DecisionSerializer(many=True))
    def get_decisions(self, evaluation: Evaluation) -> list[dict[str, Any]]:
        return list(DecisionSerializer(current_decisions(evaluation).values(), many=True).data)


@role_required(*PATIENT_READERS)
class ReassessmentEvaluationsApi(APIView):
    @extend_schema(responses={200: EvaluationSummarySerializer(many=True), **error_responses(404)})
    def get(self, request: AuthenticatedRequest, reassessment_id: uuid.UUID) -> Response:
        reassessment = reassessment_get_for_user(
            user=request.user, reassessment_id=reassessment_id, action="evaluation.listed"
        )
        rows = evaluation_list_for_reassessment(user=request.user, reassessment=reassessment)
        return Response(EvaluationSummarySerializer(rows, many=True).data)

    @evaluator_only
    @extend_schema(request=None, responses={201: EvaluationDetailSerializer, **error_responses(404)})
    def post(self, request: AuthenticatedRequest, reassessment_id: uuid.UUID) -> Response:
        """Evaluate the stored reassessment as it stands now, and keep the evaluation."""
        reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
        evaluation = services.evaluation_create(actor=request.user, reassessment=reassessment)
        return Response(EvaluationDetailSerializer(evaluation).data, status=status.HTTP_201_CREATED)


@role_required(*PATIENT_READERS)
class EvaluationPreviewApi(APIView):
    @evaluator_only
    @extend_schema(request=ReassessmentDocument, responses={200: CandidacyReport, **error_responses(400)})
    def post(self, request: AuthenticatedRequest) -> Response:
        """Evaluate a posted reassessment document without storing it."""
        report = services.evaluation_preview(actor=request.user, document=request.data)
        return Response(rendered_model(report))


@role_required(*PATIENT_READERS)
class EvaluationDetailApi(APIView):
    @extend_schema(responses={200: EvaluationDetailSerializer, **error_responses(404)})
    def get(self, request: AuthenticatedRequest, evaluation_id: uuid.UUID) -> Response:
        evaluation = evaluation_get_for_user(user=request.user, evaluation_id=evaluation_id)
        return Response(EvaluationDetailSerializer(evaluation).data)


@role_required(*PATIENT_READERS)
class EvaluationDecisionApi(APIView):
    @role_required(*DECIDERS, message="Only clinicians accept or override conclusions.")
    @extend_schema(
        request=DecisionSerializer, responses={201: DecisionSerializer, **error_responses(400, 404)}
    )
    def post(self, request: AuthenticatedRequest, evaluation_id: uuid.UUID) -> Response:
        """Accept or override one treatment's conclusion (an override needs a reason and a status)."""
        # The record first: one of another clinic is a 404 whatever the body holds.
        evaluation = evaluation_get_for_user(user=request.user, evaluation_id=evaluation_id)
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_record(
            actor=request.user, evaluation=evaluation, **serializer.validated_data
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
