"""The bodies of the PA case API: a case, its checklist and timeline, and each change's input."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from elevium.lib import limits
from elevium.lib.serializers import FastReadMixin
from treatments.models import TreatmentSlug

from .. import selectors
from ..models import PaAttachment, PaCase, PaCaseStatus, PaChecklistItem, PaEvent, Priority
from ..transitions import allowed_next


class AttachmentSerializer(serializers.ModelSerializer[PaAttachment]):
    item = serializers.CharField(source="item.code", help_text="The checklist item's code")
    download = serializers.SerializerMethodField(help_text="Where the file is read (audited)")

    class Meta:
        model = PaAttachment
        fields = ("id", "item", "content_type", "size", "sha256", "filename", "uploaded_at", "download")
        read_only_fields = fields

    def get_download(self, attachment: PaAttachment) -> str:
        return reverse(
            "benefits-api:pa-case-attachment",
            kwargs={"case_id": attachment.case_id, "attachment_id": attachment.id},
        )


class ChecklistItemSerializer(serializers.ModelSerializer[PaChecklistItem]):
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
            "finding",
            "justification",
        )
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer[PaEvent]):
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)

    class Meta:
        model = PaEvent
        fields = ("at", "actor", "kind", "from_status", "to_status", "note", "data")
        read_only_fields = fields


class CaseSummarySerializer(FastReadMixin, serializers.ModelSerializer[PaCase]):
    patient = serializers.UUIDField(source="patient_id")
    coverage = serializers.UUIDField(source="coverage_id")
    payer = serializers.CharField(source="coverage.plan.payer.name")
    plan = serializers.CharField(source="coverage.plan.name")
    owner = serializers.CharField(source="owner.username", allow_null=True, default=None)
    is_overdue = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = PaCase
        fields: tuple[str, ...] = (
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
        read_only_fields: tuple[str, ...] = fields


class CaseDetailSerializer(CaseSummarySerializer):
    evaluation = serializers.UUIDField(source="evaluation_id")
    allowed = serializers.SerializerMethodField()
    renewal = serializers.SerializerMethodField()
    checklist = ChecklistItemSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
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
            "attachments",
            "events",
        )
        read_only_fields = fields

    def get_allowed(self, case: PaCase) -> list[str]:
        return [str(s) for s in allowed_next(case.status)]  # type: ignore[arg-type]

    def get_renewal(self, case: PaCase) -> list[dict[str, str]]:
        return [r.model_dump() for r in selectors.pa_case_renewal(case=case, now=timezone.now())]


class WorklistFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=PaCaseStatus.choices, required=False)
    payer = serializers.IntegerField(required=False, min_value=1)
    treatment = serializers.ChoiceField(choices=TreatmentSlug.choices, required=False)
    owner = serializers.IntegerField(required=False, min_value=1)
    unassigned = serializers.BooleanField(required=False, default=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)


class CaseCreateSerializer(serializers.Serializer[Any]):
    evaluation_id = serializers.UUIDField()
    coverage_id = serializers.UUIDField()
    treatment = serializers.ChoiceField(choices=TreatmentSlug.choices)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    expedited = serializers.BooleanField(default=False)


class TransitionSerializer(serializers.Serializer[Any]):
    to = serializers.ChoiceField(choices=PaCaseStatus.choices)
    revision = serializers.IntegerField(min_value=1)
    note = limits.api_text(limits.NOTE, required=False, allow_blank=True, default="")


class AssignSerializer(serializers.Serializer[Any]):
    case_ids = serializers.ListField(child=serializers.UUIDField(), min_length=1, max_length=500)
    owner = serializers.IntegerField(
        allow_null=True, help_text="A care coordinator's user id; null unassigns"
    )


class AssignOutputSerializer(serializers.Serializer[Any]):
    assigned = serializers.ListField(child=serializers.UUIDField(), help_text="The cases assigned")
    owner = serializers.IntegerField(allow_null=True, help_text="Their owner now; null when unassigned")


class ChecklistMarkSerializer(serializers.Serializer[Any]):
    code = limits.api_text(limits.CHECKLIST_CODE)
    satisfied = serializers.BooleanField()
    note = limits.api_text(limits.CHECKLIST_NOTE, required=False, allow_blank=True, default="")
    justification = limits.api_text(
        limits.CHECKLIST_NOTE,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why a payer criterion the evaluation found unmet is marked done anyway (required then)",
    )


class ApprovalSerializer(serializers.Serializer[Any]):
    authorization_number = limits.api_text(limits.AUTHORIZATION_NUMBER)
    approved_units = serializers.IntegerField(
        min_value=1, max_value=limits.COUNT_MAX, allow_null=True, required=False, default=None
    )
    valid_from = limits.api_date()
    valid_until = limits.api_date()
    revision = serializers.IntegerField(min_value=1)
    note = limits.api_text(limits.NOTE, required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer[Any]):
    text = limits.api_text(limits.NOTE)
