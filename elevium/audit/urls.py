from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("export/", views.audit_export_page, name="export"),
]
