"""Response bodies of the courses API, and the small request bodies DRF validates."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..models import (
    Course,
    CourseDecision,
    CourseStatus,
    DeferredDose,
    Measurement,
    MonitoringForm,
    Session,
    SessionSlot,
    SpravatoIndication,
)


class CourseMeasurementSerializer(serializers.ModelSerializer[Measurement]):
    class Meta:
        model = Measurement
        fields: tuple[str, ...] = ("id", "scale", "total", "item9", "measured_on", "baseline", "recorded_at")
        read_only_fields = fields


class MonitoringFormSerializer(serializers.ModelSerializer[MonitoringForm]):
    session = serializers.UUIDField(source="session_id")
    filed_by = serializers.CharField(source="filed_by.username", allow_null=True, default=None)

    class Meta:
        model = MonitoringForm
        fields: tuple[str, ...] = (
            "id", "session", "rems_version", "window_days", "last_day", "due_at", "remind_at",
            "filed_at", "filed_by", "confirmation", "content",
        )  # fmt: skip
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer[Session]):
    given_by = serializers.CharField(source="given_by.username")
    discharge_cleared_by = serializers.CharField(
        source="discharge_cleared_by.username", allow_null=True, default=None
    )
    monitoring_form = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields: tuple[str, ...] = (
            "id", "number", "given_at", "given_by", "billing_codes", "checks", "side_effects",
            "adverse_event", "notes", "motor_threshold_percent", "motor_threshold_redetermined",
            "intensity_percent_mt", "pulses", "coil", "target", "tms_protocol", "bp_pre_systolic",
            "bp_pre_diastolic", "bp_decision", "heart_rate", "dose_mg", "weight_kg", "dose_mg_per_kg",
            "route", "infusion_minutes", "bp_40_systolic", "bp_40_diastolic", "bp_discharge_systolic",
            "bp_discharge_diastolic", "sedation", "dissociation", "spo2_lowest", "transport_arranged",
            "discharge_cleared_by", "discharge_cleared_at", "monitoring_form",
        )  # fmt: skip
        read_only_fields = fields

    def get_monitoring_form(self, session: Session) -> str | None:
        form = getattr(session, "monitoring_form", None)
        return str(form.id) if form is not None else None


class DeferralSerializer(serializers.ModelSerializer[DeferredDose]):
    decided_by = serializers.CharField(source="decided_by.username")
    recorded_by = serializers.CharField(source="recorded_by.username")

    class Meta:
        model = DeferredDose
        fields: tuple[str, ...] = (
            "id", "number", "deferred_at", "bp_pre_systolic", "bp_pre_diastolic", "reason", "decided_by",
            "recorded_by",
        )  # fmt: skip
        read_only_fields = fields


class CourseSummarySerializer(serializers.ModelSerializer[Course]):
    patient = serializers.UUIDField(source="patient_id")
    treatment = serializers.CharField(source="treatment.slug")
    protocol = serializers.CharField(source="protocol.slug", allow_null=True, default=None)
    pa_case = serializers.UUIDField(source="pa_case_id", allow_null=True)
    owner = serializers.CharField(source="owner.username")
    approved_units = serializers.IntegerField(source="pa_case.approved_units", allow_null=True, default=None)
    used_units = serializers.IntegerField(source="pa_case.used_units", allow_null=True, default=None)
    approval_ends = serializers.DateField(source="pa_case.valid_until", allow_null=True, default=None)

    class Meta:
        model = Course
        fields: tuple[str, ...] = (
            "id", "patient", "treatment", "protocol", "pa_case", "self_pay", "status", "status_reason",
            "planned_sessions", "sessions_done", "starts_on", "spravato_indication", "owner", "revision",
            "approved_units", "used_units", "approval_ends", "created_at", "ended_at",
        )  # fmt: skip
        read_only_fields = fields


class ProposalSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    rule_id = serializers.CharField()
    reason = serializers.CharField()
    reference = serializers.CharField(source="source", help_text="The criteria.md section the rule cites.")


class OutcomeSerializer(serializers.Serializer[Any]):
    scale = serializers.CharField()
    baseline = serializers.IntegerField()
    latest = serializers.IntegerField()
    improvement_percent = serializers.FloatField(allow_null=True)
    band = serializers.CharField(allow_null=True)
    response = serializers.BooleanField()
    remission = serializers.BooleanField()


class ProgressSerializer(serializers.Serializer[Any]):
    sessions_done = serializers.IntegerField()
    planned_sessions = serializers.IntegerField()
    authorised = serializers.IntegerField(allow_null=True)
    units_left = serializers.IntegerField(allow_null=True)
    days_to_approval_end = serializers.IntegerField(allow_null=True)
    last_phq9_on = serializers.DateField(allow_null=True)
    outcome = OutcomeSerializer(allow_null=True)
    response = serializers.BooleanField()
    remission = serializers.BooleanField()
    non_response_at_review = serializers.BooleanField()
    proposals = ProposalSerializer(many=True)
    cssrs_needed = serializers.BooleanField(help_text="The latest PHQ-9's item 9 is 1 or more.")
    chart = serializers.JSONField()


class CourseDecisionSerializer(serializers.ModelSerializer[CourseDecision]):
    decided_by = serializers.CharField(source="decided_by.username")

    class Meta:
        model = CourseDecision
        fields: tuple[str, ...] = (
            "id", "kind", "proposals", "extra_sessions", "note", "decided_by", "decided_at",
        )  # fmt: skip
        read_only_fields = fields


class CourseDetailSerializer(CourseSummarySerializer):
    sessions = SessionSerializer(many=True)
    measurements = CourseMeasurementSerializer(many=True)
    decisions = CourseDecisionSerializer(many=True)

    class Meta(CourseSummarySerializer.Meta):
        fields = (*CourseSummarySerializer.Meta.fields, "sessions", "measurements", "decisions")
        read_only_fields = fields


class SlotSerializer(serializers.ModelSerializer[SessionSlot]):
    course = serializers.UUIDField(source="course_id")
    session = serializers.UUIDField(source="session_id", allow_null=True)

    class Meta:
        model = SessionSlot
        fields: tuple[str, ...] = ("id", "course", "starts_at", "room", "status", "session")
        read_only_fields = fields


class CheckSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    met = serializers.BooleanField()
    missing = serializers.CharField()
    reference = serializers.CharField(source="source", help_text="The criteria.md section the rule cites.")


class ScheduleRowSerializer(serializers.Serializer[Any]):
    slot = SlotSerializer()
    patient = serializers.UUIDField(source="slot.course.patient_id")
    patient_name = serializers.CharField(source="slot.course.patient.display_name")
    treatment = serializers.CharField(source="slot.course.treatment.slug")
    next_session = serializers.SerializerMethodField()
    at_chair = CheckSerializer(many=True)
    missing = CheckSerializer(many=True)

    def get_next_session(self, row: dict[str, Any]) -> int:
        return int(row["slot"].course.sessions_done) + 1


class OutcomeRateSerializer(serializers.Serializer[Any]):
    treatment = serializers.CharField()
    courses = serializers.IntegerField()
    measured = serializers.IntegerField(
        help_text="Courses with a baseline and a later score: the base of the rates."
    )
    response = serializers.IntegerField()
    remission = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True)
    remission_rate = serializers.FloatField(allow_null=True)


# --- Request bodies DRF validates -------------------------------------------------------------


class CourseStartSerializer(serializers.Serializer[Any]):
    treatment = serializers.ChoiceField(choices=["tms", "spravato", "ketamine"])
    starts_on = serializers.DateField()
    pa_case = serializers.UUIDField(required=False, allow_null=True, default=None)
    self_pay = serializers.BooleanField(default=False)
    protocol = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)
    planned_sessions = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=200
    )
    spravato_indication = serializers.ChoiceField(
        choices=SpravatoIndication.choices, required=False, default=""
    )
    ketamine_series = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=30
    )


class CourseTransitionSerializer(serializers.Serializer[Any]):
    to = serializers.ChoiceField(choices=[s.value for s in CourseStatus if s != CourseStatus.PLANNED])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    revision = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)


class DecideSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["extend", "taper", "maintenance", "switch", "stop", "continue"])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    extra_sessions = serializers.IntegerField(required=False, default=0, min_value=0, max_value=100)
    revision = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)


class RelapseSerializer(serializers.Serializer[Any]):
    relapse_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RelapseOutputSerializer(serializers.Serializer[Any]):
    best_improvement_percent = serializers.DecimalField(max_digits=5, decimal_places=1)
    response_on = serializers.DateField()
    relapse_on = serializers.DateField()
    months_sustained = serializers.IntegerField()
    meets_l37086 = serializers.BooleanField()
    meets_aetna = serializers.BooleanField()


class SlotBookSerializer(serializers.Serializer[Any]):
    starts_at = serializers.DateTimeField()
    room = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)


class EnrolmentSerializer(serializers.Serializer[Any]):
    enrolled_on = serializers.DateField()
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


class FileFormSerializer(serializers.Serializer[Any]):
    confirmation = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


class ScheduleQuerySerializer(serializers.Serializer[Any]):
    day = serializers.DateField(required=False, help_text="The clinic's day; today when left out")
