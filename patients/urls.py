from django.urls import path

from . import views

# The patient page and registration (with its optional coverage) join these under the same
# name in frontdesk/urls.py.
app_name = "patients"
urlpatterns = [
    path("", views.patient_list, name="patient-list"),
    path("<uuid:patient_id>/edit/", views.patient_edit, name="patient-edit"),
]
