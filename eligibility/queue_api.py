"""Each role's work queue as an API list: the same items as the pages (eligibility/queues.py),
audited as listed in one INSERT."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedRequest
from elevium.accounts.roles import Role
from elevium.lib.api_errors import error_responses

from .queues import (
    LIMIT,
    QueueItem,
    accepted_without_pa_case,
    clinician_queue,
    queue_audit,
    reviewer_items,
    reviewer_queue,
)


class QueueItemSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    id = serializers.UUIDField(help_text="The reassessment or evaluation waiting")
    patient_id = serializers.UUIDField()
    patient_name = serializers.CharField()
    at = serializers.DateTimeField(help_text="Waiting since")
    what = serializers.CharField(help_text="What waits, in words")
    url = serializers.CharField(help_text="The page to act on it")
    treatment = serializers.CharField(allow_blank=True)


def _items(items: list[QueueItem]) -> list[dict[str, Any]]:
    return QueueItemSerializer(items, many=True).data  # type: ignore[return-value]


@role_required(Role.CLINICIAN)
class ClinicianQueueApi(APIView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "ClinicianQueue",
                {
                    name: QueueItemSerializer(many=True)
                    for name in ("urgent_safety", "drafts", "awaiting_signature", "awaiting_decision")
                },
            ),
            **error_responses(),
        }
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        """Drafts and reassessments awaiting the clinician's signature, evaluations awaiting a
        decision, and flagged reassessments with no safety action (the oldest 50 of each)."""
        lists = clinician_queue(user=request.user)
        queue_audit(user=request.user, items=[item for rows in lists.values() for item in rows])
        return Response({name: _items(rows) for name, rows in lists.items()})


@role_required(Role.CARE_COORDINATOR)
class CoordinatorQueueApi(APIView):
    @extend_schema(responses={200: QueueItemSerializer(many=True), **error_responses()})
    def get(self, request: AuthenticatedRequest) -> Response:
        """Treatments a clinician accepted with no prior authorization started (the oldest 50)."""
        items = accepted_without_pa_case(user=request.user)
        queue_audit(user=request.user, items=items)
        return Response(_items(items))


class ReviewerFilterSerializer(serializers.Serializer[Any]):
    overridden = serializers.BooleanField(required=False, default=False)
    stale = serializers.BooleanField(required=False, default=False)
    urgent = serializers.BooleanField(required=False, default=False)
    batch = serializers.UUIDField(required=False, allow_null=True, default=None)


@role_required(Role.REVIEWER)
class ReviewerQueueApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("overridden", bool, description="Only evaluations a clinician overrode"),
            OpenApiParameter("stale", bool, description="Only out-of-date evaluations"),
            OpenApiParameter("urgent", bool, description="Only evaluations with an urgent safety flag"),
            OpenApiParameter("batch", str, description="Only evaluations whose statuses this batch changed"),
        ],
        responses={200: QueueItemSerializer(many=True), **error_responses(400)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        """Current evaluations, oldest first, narrowed by the filters (the first 50)."""
        filters = ReviewerFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        items = reviewer_items(list(reviewer_queue(user=request.user, **filters.validated_data)[:LIMIT]))
        queue_audit(user=request.user, items=items)
        return Response(_items(items))
