"""Sessions: recording one, its observations after dosing, the clinician's discharge clearance;
the day's schedule; REMS enrolment and the monitoring forms."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedRequest
from elevium.accounts.roles import COURSE_READERS
from elevium.lib.api_errors import error_responses
from patients.selectors import patient_get_for_user

from .. import selectors, services
from ..inputs import DeferralInput, ObservationInput, SessionInput
from ..models import Session
from . import decider_only, parsed, recorder_only
from .serializers import (
    DeferralSerializer,
    EnrolmentSerializer,
    FileFormSerializer,
    MonitoringFormSerializer,
    ScheduleQuerySerializer,
    ScheduleRowSerializer,
    SessionSerializer,
)
from .validation import validated


def _session_body(request: AuthenticatedRequest, session: Session) -> dict[str, object]:
    fresh = selectors.session_get_for_user(user=request.user, session_id=session.id, audit=False)
    return dict(SessionSerializer(fresh).data)


@role_required(*COURSE_READERS)
class CourseSessionApi(APIView):
    @extend_schema(responses={200: SessionSerializer(many=True), **error_responses(404)})
    def get(self, request: AuthenticatedRequest, course_id: uuid.UUID) -> Response:
        course = selectors.course_get_for_user(
            user=request.user, course_id=course_id, action="course.sessions_viewed"
        )
        return Response(SessionSerializer(course.sessions.all(), many=True).data)

    @recorder_only
    @extend_schema(request=SessionInput, responses={201: SessionSerializer, **error_responses(400, 404, 409)})
    def post(self, request: AuthenticatedRequest, course_id: uuid.UUID) -> Response:
        """Record the next session, signed by the caller; refused (409), naming every missing
        pre-session check, while one is missing."""
        course = selectors.course_get_for_user(user=request.user, course_id=course_id, audit=False)
        data = parsed(SessionInput, request.data)
        session = services.session_record(actor=request.user, course=course, data=data)
        return Response(_session_body(request, session), status=status.HTTP_201_CREATED)


@role_required(*COURSE_READERS)
class CourseDeferralApi(APIView):
    @extend_schema(responses={200: DeferralSerializer(many=True), **error_responses(404)})
    def get(self, request: AuthenticatedRequest, course_id: uuid.UUID) -> Response:
        course = selectors.course_get_for_user(
            user=request.user, course_id=course_id, action="course.sessions_viewed"
        )
        deferrals = course.deferrals.select_related("decided_by", "recorded_by")
        return Response(DeferralSerializer(deferrals, many=True).data)

    @recorder_only
    @extend_schema(
        request=DeferralInput, responses={201: DeferralSerializer, **error_responses(400, 404, 409)}
    )
    def post(self, request: AuthenticatedRequest, course_id: uuid.UUID) -> Response:
        """Record the next dose as deferred by a clinician for a pre-dose blood pressure above
        140/90: nothing given, no unit used, no monitoring form."""
        course = selectors.course_get_for_user(user=request.user, course_id=course_id, audit=False)
        data = parsed(DeferralInput, request.data)
        deferral = services.dose_defer(actor=request.user, course=course, data=data)
        return Response(DeferralSerializer(deferral).data, status=status.HTTP_201_CREATED)


@role_required(*COURSE_READERS)
class SessionObservationApi(APIView):
    @recorder_only
    @extend_schema(
        request=ObservationInput, responses={200: SessionSerializer, **error_responses(400, 404, 409)}
    )
    def post(self, request: AuthenticatedRequest, session_id: uuid.UUID) -> Response:
        """Observations after dosing; only the fields sent change."""
        session = selectors.session_get_for_user(user=request.user, session_id=session_id, audit=False)
        data = parsed(ObservationInput, request.data)
        services.session_record_observations(actor=request.user, session=session, data=data)
        return Response(_session_body(request, session))


@role_required(*COURSE_READERS)
class SessionDischargeApi(APIView):
    @decider_only
    @extend_schema(request=None, responses={200: SessionSerializer, **error_responses(404, 409)})
    def post(self, request: AuthenticatedRequest, session_id: uuid.UUID) -> Response:
        """A clinician clears discharge (after the REMS minimum observation for Spravato)."""
        session = selectors.session_get_for_user(user=request.user, session_id=session_id, audit=False)
        services.session_clear_discharge(actor=request.user, session=session)
        return Response(_session_body(request, session))


@role_required(*COURSE_READERS)
class ScheduleApi(APIView):
    @extend_schema(
        parameters=[ScheduleQuerySerializer],
        responses={200: ScheduleRowSerializer(many=True), **error_responses(400)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        """The day's booked sessions by time and room, each with its pre-session checks (a fixed
        number of queries however many)."""
        query = validated(ScheduleQuerySerializer, request.query_params)
        clinic = request.user.clinics.order_by("name").first()
        tz = clinic.time_zone if clinic is not None else "UTC"
        day = query.get("day") or timezone.now().astimezone(ZoneInfo(tz)).date()
        rows = selectors.schedule_for_day(user=request.user, day=day, tz=tz)
        return Response(ScheduleRowSerializer(rows, many=True).data)


@role_required(*COURSE_READERS)
class PatientRemsEnrolmentApi(APIView):
    @recorder_only
    @extend_schema(
        request=EnrolmentSerializer, responses={201: EnrolmentSerializer, **error_responses(400, 404, 409)}
    )
    def post(self, request: AuthenticatedRequest, patient_id: uuid.UUID) -> Response:
        """The patient's Spravato REMS enrolment (required before the first dose)."""
        patient = patient_get_for_user(user=request.user, patient_id=patient_id)
        data = validated(EnrolmentSerializer, request.data)
        enrolment = services.rems_enrolment_record(actor=request.user, patient=patient, **data)
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)


@role_required(*COURSE_READERS)
class MonitoringFormListApi(APIView):
    @extend_schema(responses={200: MonitoringFormSerializer(many=True), **error_responses()})
    def get(self, request: AuthenticatedRequest) -> Response:
        """Unfiled Patient Monitoring Forms of the user's clinics, due soonest first."""
        forms = selectors.monitoring_forms_pending(user=request.user)
        selectors.monitoring_form_list_audit(user=request.user, forms=forms)
        return Response(MonitoringFormSerializer(forms, many=True).data)


@role_required(*COURSE_READERS)
class MonitoringFormFileApi(APIView):
    @recorder_only
    @extend_schema(
        request=FileFormSerializer,
        responses={200: MonitoringFormSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, form_id: uuid.UUID) -> Response:
        """Mark the form filed with the REMS; its reminders stop."""
        form = selectors.monitoring_form_get_for_user(user=request.user, form_id=form_id)
        data = validated(FileFormSerializer, request.data)
        form = services.monitoring_form_file(actor=request.user, form=form, **data)
        return Response(MonitoringFormSerializer(form).data)
