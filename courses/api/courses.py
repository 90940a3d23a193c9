"""A patient's courses, a course with its progress, and the changes made to a course."""

from __future__ import annotations

import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from benefits.selectors import pa_case_get_for_user
from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedRequest
from elevium.accounts.models import User
from elevium.accounts.roles import COURSE_READERS, PATIENT_READERS, SLOT_BOOKERS
from elevium.lib.api_errors import error_responses
from patients.selectors import patient_get_for_user

from .. import selectors, services
from ..inputs import MeasurementInput
from ..models import OPEN_STATUSES, Course
from . import decider_only, parsed, recorder_only, starter_only
from .serializers import (
    CourseDecisionSerializer,
    CourseDetailSerializer,
    CourseMeasurementSerializer,
    CourseStartSerializer,
    CourseSummarySerializer,
    CourseTransitionSerializer,
    DecideSerializer,
    OutcomeRateSerializer,
    ProgressSerializer,
    RelapseOutputSerializer,
    RelapseSerializer,
    SlotBookSerializer,
    SlotSerializer,
)
from .validation import validated

CourseDetailWithProgress = inline_serializer(
    "CourseDetailWithProgress",
    fields={"course": CourseDetailSerializer(), "progress": ProgressSerializer()},
)


def detail_body(user: User, course_id: uuid.UUID, *, audit: bool = False) -> dict[str, Any]:
    """The course and its progress as they are now (after a write: read without a second audit)."""
    course = selectors.course_get_for_user(user=user, course_id=course_id, audit=audit)
    today = timezone.now().astimezone(ZoneInfo(course.patient.clinic.time_zone)).date()
    progress = selectors.course_progress(course, today=today)
    return {"course": CourseDetailSerializer(course).data, "progress": ProgressSerializer(progress).data}


@role_required(*COURSE_READERS)
class PatientCourseListApi(APIView):
    @extend_schema(responses={200: CourseSummarySerializer(many=True), **error_responses(404)})
    def get(self, request: AuthenticatedRequest, patient_id: uuid.UUID) -> Response:
        """The patient's courses, newest first (a fixed number of queries however many)."""
        patient = patient_get_for_user(user=request.user, patient_id=patient_id, action="course.listed")
        courses = selectors.course_list(user=request.user, patient_id=patient.id)
        selectors.course_list_audit(user=request.user, courses=courses)
        return Response(CourseSummarySerializer(courses, many=True).data)

    @starter_only
    @extend_schema(
        request=CourseStartSerializer,
        responses={201: CourseDetailWithProgress, **error_responses(400, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, patient_id: uuid.UUID) -> Response:
        """Start a course from an approved PA case of the patient's, or self-paid."""
        patient = patient_get_for_user(user=request.user, patient_id=patient_id)
        data = validated(CourseStartSerializer, request.data)
        case_id = data.pop("pa_case")
        case = pa_case_get_for_user(user=request.user, case_id=case_id, audit=False) if case_id else None
        course = services.course_start(actor=request.user, patient=patient, pa_case=case, **data)
        return Response(detail_body(request.user, course.id), status=status.HTTP_201_CREATED)


@role_required(*COURSE_READERS)
class CourseListApi(APIView):
    @extend_schema(responses={200: CourseSummarySerializer(many=True), **error_responses()})
    def get(self, request: AuthenticatedRequest) -> Response:
        """Open courses of the user's clinics (a fixed number of queries however many)."""
        courses = selectors.course_list(user=request.user, status=OPEN_STATUSES)
        selectors.course_list_audit(user=request.user, courses=courses)
        return Response(CourseSummarySerializer(courses, many=True).data)


@role_required(*COURSE_READERS)
class CourseDetailApi(APIView):
    @extend_schema(responses={200: CourseDetailWithProgress, **error_responses(404)})
    def get(self, request: AuthenticatedRequest, course_id: uuid.UUID) -> Response:
        return Response(detail_body(request.user, course_id, audit=True))


def _course(request: AuthenticatedRequest, course_id: uuid.UUID) -> Course:
    return selectors.course_get_for_user(user=request.user, course_id=course_id, audit=False)


@role_required(*COURSE_READERS)
class CourseTransitionApi(APIView):
    @decider_only
    @extend_schema(
        request=CourseTransitionSerializer,
        responses={200: CourseDetailWithProgress, **error_responses(400, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, course_id: uuid.UUID) -> Response:
        course = _course(request, course_id)
        data = validated(CourseTransitionSerializer, request.data)
        services.course_transition(actor=request.user, course=course, **data)
        return Response(detail_body(request.user, course_id))


@role_required(*COURSE_READERS)
class CourseDecisionApi(APIView):
    @decider_only
    @extend_schema(
        request=DecideSerializer, responses={201: CourseDecisionSerializer, **error_responses(400, 404, 409)}
    )
    def post(self, request: AuthenticatedRequest, course_id: uuid.UUID) -> Response:
        """The clinician's next step; the proposals shown at the time are kept with it."""
        course = _course(request, course_id)
        data = validated(DecideSerializer, request.data)
        decision = services.course_decide_next(actor=request.user, course=course, **data)
        return Response(CourseDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


@role_required(*COURSE_READERS)
class CourseRelapseApi(APIView):
    @decider_only
    @extend_schema(
        request=RelapseSerializer, responses={201: RelapseOutputSerializer, **error_responses(400, 404, 409)}
    )
    def post(self, request: AuthenticatedRequest, course_id: uuid.UUID) -> Response:
        """A relapse after a responded course, with what retreatment criteria read."""
        course = _course(request, course_id)
        data = validated(RelapseSerializer, request.data)
        relapse = services.course_record_relapse(actor=request.user, course=course, **data)
        return Response(RelapseOutputSerializer(relapse).data, status=status.HTTP_201_CREATED)


@role_required(*COURSE_READERS)
class CourseMeasurementApi(APIView):
    @recorder_only
    @extend_schema(
        request=MeasurementInput,
        responses={201: CourseMeasurementSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, course_id: uuid.UUID) -> Response:
        """A PHQ-9 (or MADRS, HAM-D17) score; the first of its scale is the baseline."""
        course = _course(request, course_id)
        data = parsed(MeasurementInput, request.data)
        measurement = services.measurement_record(actor=request.user, course=course, data=data)
        return Response(CourseMeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)


@role_required(*COURSE_READERS)
class CourseSlotApi(APIView):
    @role_required(
        *SLOT_BOOKERS, message="Only clinicians, care coordinators and treatment staff book sessions."
    )
    @extend_schema(
        request=SlotBookSerializer, responses={201: SlotSerializer, **error_responses(400, 404, 409)}
    )
    def post(self, request: AuthenticatedRequest, course_id: uuid.UUID) -> Response:
        """Book the course's next session on the schedule, by room or chair."""
        course = _course(request, course_id)
        data = validated(SlotBookSerializer, request.data)
        slot = services.slot_book(actor=request.user, course=course, **data)
        return Response(SlotSerializer(slot).data, status=status.HTTP_201_CREATED)


@role_required(*PATIENT_READERS)
class OutcomeRatesApi(APIView):
    @extend_schema(responses={200: OutcomeRateSerializer(many=True), **error_responses()})
    def get(self, request: AuthenticatedRequest) -> Response:
        """Response and remission rates per treatment across the user's clinics, with their base."""
        return Response(
            OutcomeRateSerializer(selectors.outcomes_by_treatment(user=request.user), many=True).data
        )
