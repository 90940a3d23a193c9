"""The list serializers' fast path (elevium/lib/serializers.py) gives what DRF's own path gives."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework import serializers

from benefits.api.pa_case_serializers import CaseDetailSerializer, CaseSummarySerializer
from benefits.models import PaCase
from benefits.selectors import pa_case_worklist_rows
from patients.api import PatientOutputSerializer
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def _drf(serializer_class: type[serializers.Serializer], instance: Any) -> dict[str, Any]:
    """The representation by DRF's generic path, skipping the mixin."""
    return dict(serializers.Serializer.to_representation(serializer_class(), instance))


def test_a_patient_renders_as_drf_renders_it() -> None:
    patients = [PatientFactory(), PatientFactory(gender_identity="")]
    for patient in patients:
        fast = PatientOutputSerializer(patient).data
        assert dict(fast) == _drf(PatientOutputSerializer, patient)
    assert [dict(r) for r in PatientOutputSerializer(patients, many=True).data] == [
        _drf(PatientOutputSerializer, p) for p in patients
    ]


def test_a_case_renders_as_drf_renders_it(case: PaCase) -> None:
    from django.utils import timezone

    (row,) = pa_case_worklist_rows(ids=[case.id], now=timezone.now())
    assert dict(CaseSummarySerializer(row).data) == _drf(CaseSummarySerializer, row)
    assert dict(CaseDetailSerializer(row).data) == _drf(CaseDetailSerializer, row)


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_datetimes_follow_the_current_time_zone_as_drf_does(zone: str) -> None:
    from django.utils import timezone

    patient = PatientFactory()
    with timezone.override(zone):
        for _ in range(2):  # the second serializer reuses the class's plan
            assert dict(PatientOutputSerializer(patient).data) == _drf(PatientOutputSerializer, patient)
    assert dict(PatientOutputSerializer(patient).data)["created_at"].endswith("Z")


def test_only_a_plan_of_context_free_fields_is_shared(case: PaCase) -> None:
    from django.utils import timezone

    from elevium.lib.serializers import FastReadMixin

    (row,) = pa_case_worklist_rows(ids=[case.id], now=timezone.now())
    CaseSummarySerializer(row).data, CaseDetailSerializer(row).data  # noqa: B018 - builds the plans
    assert CaseSummarySerializer in FastReadMixin._shared_plans
    assert CaseDetailSerializer not in FastReadMixin._shared_plans  # method fields read the instance
