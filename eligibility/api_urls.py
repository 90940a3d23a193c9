from django.urls import path

from . import api

app_name = "eligibility-api"
urlpatterns = [
    path(
        "reassessments/<uuid:reassessment_id>/evaluations/",
        api.ReassessmentEvaluationsApi.as_view(),
        name="reassessment-evaluations",
    ),
    path("evaluations/preview/", api.EvaluationPreviewApi.as_view(), name="evaluation-preview"),
    path("evaluations/<uuid:evaluation_id>/", api.EvaluationDetailApi.as_view(), name="evaluation-detail"),
    path(
        "evaluations/<uuid:evaluation_id>/decisions/",
        api.EvaluationDecisionApi.as_view(),
        name="evaluation-decisions",
    ),
]
