"""Every write of patient records: atomic, given the acting user, audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from elevium.accounts.models import User
from elevium.audit.services import audit_record

from .models import Patient

EDITABLE_FIELDS = ("mrn", "family_name", "given_name", "date_of_birth", "sex_at_birth", "gender_identity")


def _validate(patient: Patient) -> None:
    patient.full_clean()
    if patient.date_of_birth and patient.date_of_birth > dt.date.today():  # noqa: DTZ011 - a calendar date
        raise ValidationError({"date_of_birth": "Date of birth cannot be in the future."})


@transaction.atomic
def patient_create(
    *,
    actor: User,
    mrn: str,
    family_name: str,
    given_name: str,
    date_of_birth: dt.date,
    sex_at_birth: str,
    gender_identity: str = "",
) -> Patient:
    patient = Patient(
        mrn=mrn.strip(),
        family_name=family_name.strip(),
        given_name=given_name.strip(),
        date_of_birth=date_of_birth,
        sex_at_birth=sex_at_birth,
        gender_identity=gender_identity.strip(),
    )
    _validate(patient)
    patient.save()
    audit_record(actor=actor, action="patient.created", obj=patient, patient_id=patient.id)
    return patient


@transaction.atomic
def patient_update(*, actor: User, patient: Patient, **changes: Any) -> Patient:
    """Apply ``changes`` (a subset of EDITABLE_FIELDS); the audit event names the fields, not values."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(patient, name) != value]
    if not changed:
        return patient
    for name in changed:
        value = changes[name]
        setattr(patient, name, value.strip() if isinstance(value, str) else value)
    _validate(patient)
    patient.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action="patient.updated",
        obj=patient,
        patient_id=patient.id,
        data={"fields": sorted(changed)},
    )
    return patient
