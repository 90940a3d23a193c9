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
