"""Every write of patient records: atomic, given the acting user, audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clinics.models import Clinic
from elevium.accounts.models import User
from elevium.audit.services import audit_record
from elevium.lib.errors import Refused
from elevium.lib.text import normalise_identifier

from .models import Patient

EDITABLE_FIELDS = ("mrn", "family_name", "given_name", "date_of_birth", "sex_at_birth", "gender_identity")


DUPLICATE_MRN = "A patient with this MRN is already registered at this clinic."
MRN_CONSTRAINT = "patient_mrn_unique_in_clinic"


def _validate(patient: Patient) -> None:
    # Named on the field, not as the model's "clinic and MRN" constraint message.
    duplicate = Patient.objects.filter(clinic_id=patient.clinic_id, mrn__iexact=patient.mrn).exclude(
        pk=patient.pk
    )
    if patient.mrn and duplicate.exists():
        raise ValidationError({"mrn": DUPLICATE_MRN})
    patient.full_clean()
    if patient.date_of_birth and patient.date_of_birth > dt.date.today():  # noqa: DTZ011 - a calendar date
        raise ValidationError({"date_of_birth": "Date of birth cannot be in the future."})


def _save(patient: Patient, **kwargs: Any) -> None:
    """Save, answering a duplicate MRN that got past _validate as the same field error.

    Two people registering the same MRN at once both pass the check; the database constraint
    stops the second. Caught here, that is a 400 on the field rather than a 500 whose database
    message, which quotes the MRN, would go to the server log.
    """
    try:
        with transaction.atomic():
            patient.save(**kwargs)
    except IntegrityError as exc:
        if MRN_CONSTRAINT not in str(exc):
            raise
        raise ValidationError({"mrn": DUPLICATE_MRN}) from None


def clinic_for_new_patient(*, actor: User, clinic: Clinic | str | None) -> Clinic:
    """The clinic a new record goes to: one the actor belongs to, named when they belong to several.

    A clinic the actor is not a member of gets the same answer as one that does not exist, so
    the form cannot be used to learn which clinics exist.
    """
    mine = actor.clinics.all()
    if clinic is None or clinic == "":
        candidates = list(mine[:2])
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ValidationError(
                {"clinic": "You belong to no clinic yet; an administrator must add you to one."}
            )
        raise ValidationError({"clinic": "Choose the clinic this patient attends."})
    clinic_id = clinic.pk if isinstance(clinic, Clinic) else clinic
    try:
        return mine.get(pk=clinic_id)
    except (Clinic.DoesNotExist, ValueError, ValidationError):
        raise ValidationError({"clinic": "Choose one of your clinics."}) from None


@transaction.atomic
def patient_create(
    *,
    actor: User,
    clinic: Clinic | str | None = None,
    mrn: str,
    family_name: str,
    given_name: str,
    date_of_birth: dt.date,
    sex_at_birth: str,
    gender_identity: str = "",
) -> Patient:
    patient = Patient(
        clinic=clinic_for_new_patient(actor=actor, clinic=clinic),
        # Before the uniqueness check: a look-alike MRN is the same MRN (elevium/lib/text.py).
        mrn=normalise_identifier(mrn),
        family_name=family_name.strip(),
        given_name=given_name.strip(),
        date_of_birth=date_of_birth,
        sex_at_birth=sex_at_birth,
        gender_identity=gender_identity.strip(),
    )
    _validate(patient)
    _save(patient)
    audit_record(
        actor=actor,
        action="patient.created",
        obj=patient,
        patient_id=patient.id,
        data={"clinic": str(patient.clinic_id)},
    )
    return patient


class StalePatient(Refused):
    """The record was saved by someone else since the editor loaded it (HTTP 409)."""

    def __init__(self, *, current: int, given: int) -> None:
        self.current, self.given = current, given
        super().__init__(
            f"this record was changed by someone else (revision {current}, you had {given}); "
            "your changes were not saved: reload it"
        )

    def body(self) -> dict[str, Any]:
        return {"detail": str(self), "revision": self.current}


@transaction.atomic
def patient_update(*, actor: User, patient: Patient, revision: int, **changes: Any) -> Patient:
    """Apply ``changes`` (a subset of EDITABLE_FIELDS) to the revision the editor loaded.

    The row is locked and its revision compared, so of two people saving the same record the
    second is told (StalePatient) instead of silently overwriting the first. The audit event
    names the fields, not their values.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = Patient.objects.select_for_update().get(pk=patient.pk)
    if current.revision != revision:
        raise StalePatient(current=current.revision, given=revision)
    patient = current
    if "mrn" in changes:
        changes["mrn"] = normalise_identifier(changes["mrn"])
    changed = [name for name, value in changes.items() if getattr(patient, name) != value]
    if not changed:
        return patient
    for name in changed:
        value = changes[name]
        setattr(patient, name, value.strip() if isinstance(value, str) else value)
    _validate(patient)
    patient.revision += 1
    _save(patient, update_fields=[*changed, "revision", "updated_at"])
    audit_record(
        actor=actor,
        action="patient.updated",
        obj=patient,
        patient_id=patient.id,
        data={"fields": sorted(changed)},
    )
    return patient
