from django.urls import path

from . import api

app_name = "reassessment-api"
urlpatterns = [
    path(
        "patients/<uuid:patient_id>/reassessments/",
        api.PatientReassessmentListApi.as_view(),
        name="patient-reassessments",
    ),
    path(
        "patients/<uuid:patient_id>/reassessments/import/",
        api.PatientReassessmentImportApi.as_view(),
        name="patient-reassessment-import",
    ),
    path(
        "reassessments/<uuid:reassessment_id>/",
        api.ReassessmentDetailApi.as_view(),
        name="reassessment-detail",
    ),
    path(
        "reassessments/<uuid:reassessment_id>/document/",
        api.ReassessmentDocumentApi.as_view(),
        name="reassessment-document",
    ),
    path(
        "reassessments/<uuid:reassessment_id>/complete/",
        api.ReassessmentCompleteApi.as_view(),
        name="reassessment-complete",
    ),
    path(
        "reassessments/<uuid:reassessment_id>/reopen/",
        api.ReassessmentReopenApi.as_view(),
        name="reassessment-reopen",
    ),
    path(
        "reassessments/<uuid:reassessment_id>/sign/",
        api.ReassessmentSignApi.as_view(),
        name="reassessment-sign",
    ),
    path(
        "reassessments/<uuid:reassessment_id>/amend/",
        api.ReassessmentAmendApi.as_view(),
        name="reassessment-amend",
    ),
    path(
        "reassessments/<uuid:reassessment_id>/safety-actions/",
        api.ReassessmentSafetyActionApi.as_view(),
        name="reassessment-safety-actions",
    ),
]
