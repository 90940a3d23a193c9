"""The accounts and patients URLconfs with the frontdesk pages added under their old names.

A namespace is one include, so the pages that moved here from accounts and patients join those
apps' own patterns as ``(patterns, app_name)`` pairs that elevium/urls.py includes.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from elevium.accounts import urls as accounts_urls
from patients import urls as patients_urls

from . import home_views, patient_views, registration_views

URLList = list[URLPattern | URLResolver]

_home: URLList = [
    path("", home_views.home, name="home"),
    path("home/clinician/", home_views.home_clinician, name="home-clinician"),
    path("home/coordinator/", home_views.home_coordinator, name="home-coordinator"),
    path("home/reviewer/", home_views.home_reviewer, name="home-reviewer"),
    path("home/admin/", home_views.home_admin, name="home-admin"),
    path("home/treatment/", home_views.home_treatment_staff, name="home-treatment-staff"),
]
_patient: URLList = [
    path("<uuid:patient_id>/", patient_views.patient_detail, name="patient-detail"),
    # Here, not in patients: registration records the optional coverage (benefits).
    path("new/", registration_views.patient_new, name="patient-new"),
]

accounts: tuple[URLList, str] = ([*_home, *accounts_urls.urlpatterns], accounts_urls.app_name)
patients: tuple[URLList, str] = ([*patients_urls.urlpatterns, *_patient], patients_urls.app_name)
