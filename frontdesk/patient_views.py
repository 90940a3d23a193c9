"""The patient page: the record with its reassessments, evaluations, coverages and PA cases."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from benefits.selectors import coverages_for_patient, pa_status_by_treatment
from courses.page_selectors import clinic_today, open_courses_with_progress
from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import COURSE_STARTERS, Role
from eligibility.selectors import stale_evaluations_for_patient
from patients.selectors import patient_get_for_user
from patients.views import READ_ROLES, WRITE_ROLES
from reassessment.charts import phq9_trend
from reassessment.selectors import reassessment_list_for_patient, score_history
from treatments.models import TreatmentSlug


@role_required(*READ_ROLES)
@require_http_methods(["GET"])
def patient_detail(request: AuthenticatedHttpRequest, patient_id: uuid.UUID) -> HttpResponse:
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    history = score_history(patient=patient, scale="phq9")
    pa_cases = pa_status_by_treatment(user=request.user, patient_id=patient.id)
    context = {
        "patient": patient,
        "today": timezone.localdate(),
        "coverages": coverages_for_patient(user=request.user, patient_id=patient.id),
        "stale_evaluations": stale_evaluations_for_patient(user=request.user, patient_id=patient.id),
        "pa_cases": [pa_cases[slug] for slug, _ in TreatmentSlug.choices if slug in pa_cases],
        "can_edit": request.user.role in WRITE_ROLES,
        "can_reassess": request.user.role == Role.CLINICIAN,
        "reassessments": reassessment_list_for_patient(user=request.user, patient=patient),
        "phq9_history": history,
        "phq9_trend": phq9_trend([(row.administered_on, row.total) for row in history]),
        "courses": open_courses_with_progress(
            user=request.user, patient_id=patient.id, today=clinic_today(request.user)
        ),
        "can_start_course": request.user.role in COURSE_STARTERS,
    }
    return render(request, "patients/patient_detail.html", context)
