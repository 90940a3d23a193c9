"""Registering a patient with their insurance coverage in one transaction: the patient and the
coverage are both saved, or neither is. Here, above patients and benefits, because patients
must not import benefits (the import layers in pyproject.toml)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from benefits.coverage_services import coverage_create
from elevium.accounts.models import User
from patients.models import Patient
from patients.services import patient_create


@transaction.atomic
def patient_register(*, actor: User, patient: dict[str, Any], coverage: dict[str, Any] | None) -> Patient:
    """Create the patient and, when given, their coverage. A refused coverage
    (``DocumentInvalid``) rolls the patient back too, so a retry does not meet a duplicate MRN."""
    created = patient_create(actor=actor, **patient)
    if coverage is not None:
        coverage_create(actor=actor, patient=created, **coverage)
    return created
