from django.urls import path

from . import api, coverage_api

app_name = "benefits-api"
urlpatterns = [
    path("pa-cases/", api.PaCaseListApi.as_view(), name="pa-case-list"),
    path("pa-cases/assign/", api.PaCaseAssignApi.as_view(), name="pa-case-assign"),
    path("pa-cases/<uuid:case_id>/", api.PaCaseDetailApi.as_view(), name="pa-case-detail"),
    path("pa-cases/<uuid:case_id>/transition/", api.PaCaseTransitionApi.as_view(), name="pa-case-transition"),
    path("pa-cases/<uuid:case_id>/checklist/", api.PaCaseChecklistApi.as_view(), name="pa-case-checklist"),
    path("pa-cases/<uuid:case_id>/approval/", api.PaCaseApprovalApi.as_view(), name="pa-case-approval"),
    path("pa-cases/<uuid:case_id>/notes/", api.PaCaseNoteApi.as_view(), name="pa-case-notes"),
    path("plans/", coverage_api.PlanListApi.as_view(), name="plan-list"),
    path(
        "patients/<uuid:patient_id>/coverages/",
        coverage_api.PatientCoveragesApi.as_view(),
        name="patient-coverages",
    ),
    path("coverages/<uuid:coverage_id>/", coverage_api.CoverageDetailApi.as_view(), name="coverage-detail"),
    path("coverages/<uuid:coverage_id>/end/", coverage_api.CoverageEndApi.as_view(), name="coverage-end"),
    path(
        "coverages/<uuid:coverage_id>/benefits-checks/",
        api.BenefitsCheckApi.as_view(),
        name="coverage-benefits-checks",
    ),
    path(
        "coverages/<uuid:coverage_id>/estimate/", api.BenefitsEstimateApi.as_view(), name="coverage-estimate"
    ),
]
