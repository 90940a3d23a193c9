"""Every read of patient records goes through here, and every read is audited."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404

from elevium.accounts.models import User
from elevium.audit.services import audit_record, audit_record_many
from elevium.lib.text import normalise_identifier

from .models import Patient


def patient_queryset_for(user: User) -> QuerySet[Patient]:
    """The patients ``user`` may see: those of the clinics they belong to.

    Every query of patient data (reassessments, evaluations, coverages, PA cases) filters
    through this, so a record of another clinic is a 404 however its id was learnt. A user of
    no clinic sees nobody; administrators, who are members of none, see no patient records.
    """
    return Patient.objects.filter(clinic__members=user)


def patient_search(*, user: User, query: str = "") -> QuerySet[Patient]:
    """Patients matching an MRN (exact) or a name fragment; all of them when ``query`` is blank."""
    patients = patient_queryset_for(user)
    query = normalise_identifier(query)  # as MRNs are stored: full-width or zero-width finds the same
    if not query:
        return patients
    condition = Q(mrn__iexact=query)
    for term in query.replace(",", " ").split():
        condition |= Q(family_name__icontains=term) | Q(given_name__icontains=term)
    return patients.filter(condition)


def patient_list_audit(*, user: User, patients: list[Patient]) -> None:
    """Record that ``user`` was shown these patients on a list page: one INSERT however many."""
    audit_record_many(actor=user, action="patient.listed", objects=patients, patient_id_of=lambda p: p.id)


def patient_get_for_user(
    *, user: User, patient_id: uuid.UUID | str, action: str = "patient.viewed"
) -> Patient:
    """The patient, or 404 when absent or not visible to ``user``; records the read."""
    try:
        patient = patient_queryset_for(user).select_related("clinic").get(id=patient_id)
    except (Patient.DoesNotExist, ValueError):
        raise Http404("No such patient.") from None
    audit_record(actor=user, action=action, obj=patient, patient_id=patient.id)
    return patient
