from django.urls import path

from . import views

app_name = "reassessment"
urlpatterns = [
    path("start/<uuid:patient_id>/", views.reassessment_start, name="start"),
    path("<uuid:reassessment_id>/", views.reassessment_summary, name="summary"),
    path("<uuid:reassessment_id>/sections/<slug:slug>/", views.reassessment_section, name="section"),
    path(
        "<uuid:reassessment_id>/sections/<slug:slug>/autosave/", views.reassessment_autosave, name="autosave"
    ),
    path("<uuid:reassessment_id>/safety-action/", views.safety_action_new, name="safety-action"),
    path("<uuid:reassessment_id>/<slug:action>/", views.reassessment_transition, name="transition"),
]
