from django.urls import path

from . import api

app_name = "treatments-api"
urlpatterns = [
    path("", api.TreatmentListApi.as_view(), name="treatment-list"),
    path("<slug:treatment_slug>/", api.TreatmentDetailApi.as_view(), name="treatment-detail"),
]
