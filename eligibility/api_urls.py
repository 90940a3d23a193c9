from django.urls import path

from . import api, queue_api

app_name = "eligibility-api"
urlpatterns = [
    path(
        "reassessments/<uuid:reassessment_id>/evaluations/",
        api.ReassessmentEvaluationsApi.as_view(),
        name="reassessment-evaluations",
    ),
    path("queues/clinician/", queue_api.ClinicianQueueApi.as_view(), name="queue-clinician"),
    path("queues/coordinator/", queue_api.CoordinatorQueueApi.as_view(), name="queue-coordinator"),
    path("queues/reviewer/", queue_api.ReviewerQueueApi.as_view(), name="queue-reviewer"),
    path("evaluations/preview/", api.EvaluationPreviewApi.as_view(), name="evaluation-preview"),
    path("evaluations/<uuid:evaluation_id>/", api.EvaluationDetailApi.as_view(), name="evaluation-detail"),
    path(
        "evaluations/<uuid:evaluation_id>/decisions/",
        api.EvaluationDecisionApi.as_view(),
        name="evaluation-decisions",
    ),
]
