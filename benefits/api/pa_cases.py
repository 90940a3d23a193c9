"""The PA case API: the worklist, a case, and each change a care coordinator makes to it."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedRequest
from elevium.accounts.models import User
from elevium.accounts.roles import PATIENT_READERS
from elevium.lib.api_errors import TRANSITION_400, error_responses
from eligibility.selectors import evaluation_get_for_user

from .. import selectors, services
from . import coordinator_only, validated
from .pa_case_serializers import (
    ApprovalSerializer,
    AssignOutputSerializer,
    AssignSerializer,
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseSummarySerializer,
    ChecklistMarkSerializer,
    NoteSerializer,
    TransitionSerializer,
    WorklistFilterSerializer,
)
from .pagination import Pagination


def _detail(user: User, case_id: uuid.UUID) -> dict[str, Any]:
    """The case as it is after a write, read without a second audit event."""
    case = selectors.pa_case_get_for_user(user=user, case_id=case_id, audit=False)
    return CaseDetailSerializer(case).data


@role_required(*PATIENT_READERS)
class PaCaseListApi(APIView):
    pagination_class = Pagination  # read by drf-spectacular too: the schema shows the page envelope

    @extend_schema(
        parameters=[WorklistFilterSerializer],
        responses={200: CaseSummarySerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        """The worklist: overdue first, then due soonest; with the overdue and due-today counters."""
        filters = validated(WorklistFilterSerializer, request.query_params)
        now = timezone.now()
        ids = selectors.pa_case_worklist_ids(user=request.user, now=now, **filters)
        paginator = self.pagination_class()
        page = selectors.pa_case_worklist_rows(
            ids=paginator.page_rows(ids, request, view=self), now=now, patients=False
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
        data = validated(CaseCreateSerializer, request.data)
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
        data = validated(TransitionSerializer, request.data)
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
        data = validated(AssignSerializer, request.data)
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
        data = validated(ChecklistMarkSerializer, request.data)
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
        data = validated(ApprovalSerializer, request.data)
        services.pa_case_record_approval(actor=request.user, case=case, **data)
        return Response(_detail(request.user, case.id))


@role_required(*PATIENT_READERS)
class PaCaseNoteApi(APIView):
    @coordinator_only
    @extend_schema(request=NoteSerializer, responses={201: CaseDetailSerializer, **error_responses(400, 404)})
    def post(self, request: AuthenticatedRequest, case_id: uuid.UUID) -> Response:
        case = selectors.pa_case_get_for_user(user=request.user, case_id=case_id, audit=False)
        data = validated(NoteSerializer, request.data)
        services.pa_case_note(actor=request.user, case=case, text=data["text"])
        return Response(_detail(request.user, case.id), status=status.HTTP_201_CREATED)
