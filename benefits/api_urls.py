from django.urls import path

from .api import attachments, benefits_checks, coverages, pa_cases

app_name = "benefits-api"
urlpatterns = [
    path("pa-cases/", pa_cases.PaCaseListApi.as_view(), name="pa-case-list"),
    path("pa-cases/assign/", pa_cases.PaCaseAssignApi.as_view(), name="pa-case-assign"),
    path("pa-cases/<uuid:case_id>/", pa_cases.PaCaseDetailApi.as_view(), name="pa-case-detail"),
    path(
        "pa-cases/<uuid:case_id>/transition/",
        pa_cases.PaCaseTransitionApi.as_view(),
        name="pa-case-transition",
    ),
    path(
        "pa-cases/<uuid:case_id>/checklist/", pa_cases.PaCaseChecklistApi.as_view(), name="pa-case-checklist"
    ),
    path("pa-cases/<uuid:case_id>/approval/", pa_cases.PaCaseApprovalApi.as_view(), name="pa-case-approval"),
    path("pa-cases/<uuid:case_id>/notes/", pa_cases.PaCaseNoteApi.as_view(), name="pa-case-notes"),
    path(
        "pa-cases/<uuid:case_id>/attachments/",
        attachments.PaAttachmentListApi.as_view(),
        name="pa-case-attachments",
    ),
    path(
        "pa-cases/<uuid:case_id>/attachments/<uuid:attachment_id>/",
        attachments.PaAttachmentDetailApi.as_view(),
        name="pa-case-attachment",
    ),
    path("plans/", coverages.PlanListApi.as_view(), name="plan-list"),
    path(
        "patients/<uuid:patient_id>/coverages/",
        coverages.PatientCoveragesApi.as_view(),
        name="patient-coverages",
    ),
    path("coverages/<uuid:coverage_id>/", coverages.CoverageDetailApi.as_view(), name="coverage-detail"),
    path("coverages/<uuid:coverage_id>/end/", coverages.CoverageEndApi.as_view(), name="coverage-end"),
    path(
        "coverages/<uuid:coverage_id>/benefits-checks/",
        benefits_checks.BenefitsCheckApi.as_view(),
        name="coverage-benefits-checks",
    ),
    path(
        "coverages/<uuid:coverage_id>/estimate/",
        benefits_checks.BenefitsEstimateApi.as_view(),
        name="coverage-estimate",
    ),
]
