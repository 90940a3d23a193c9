from django.urls import path

from . import queue_views, views

app_name = "eligibility"
urlpatterns = [
    path("reassessments/<uuid:reassessment_id>/", views.reassessment_recommendation, name="recommendation"),
    path("reassessments/<uuid:reassessment_id>/evaluate/", views.evaluation_new, name="evaluate"),
    path("evaluations/<uuid:evaluation_id>/", views.evaluation_detail, name="evaluation"),
    path(
        "evaluations/<uuid:evaluation_id>/compare/<uuid:other_id>/", views.evaluation_compare, name="compare"
    ),
    path("evaluations/<uuid:evaluation_id>/decisions/", views.decision_new, name="decide"),
    path("patients/<uuid:patient_id>/re-evaluate/", views.patient_reevaluate, name="patient-reevaluate"),
    path("queues/clinician/", queue_views.clinician_queue_page, name="queue-clinician"),
    path("queues/coordinator/", queue_views.coordinator_queue_page, name="queue-coordinator"),
    path("queues/reviewer/", queue_views.reviewer_queue_page, name="queue-reviewer"),
    path("rules/", views.ruleset, name="ruleset"),
    path("batches/", views.batch_index, name="batches"),
    path("batches/<uuid:batch_id>/", views.batch_detail, name="batch"),
]
