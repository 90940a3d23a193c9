from django.urls import path

from . import api

app_name = "patients-api"
urlpatterns = [
    path("", api.PatientListApi.as_view(), name="patient-list"),
    path("search/", api.PatientSearchApi.as_view(), name="patient-search"),
    path("<uuid:patient_id>/", api.PatientDetailApi.as_view(), name="patient-detail"),
]
