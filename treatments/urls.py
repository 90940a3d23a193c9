from django.urls import path

from . import views

app_name = "treatments"
urlpatterns = [
    path("", views.treatment_list, name="treatment-list"),
    # `treatment_slug`, not `slug`: the role matrix passes one sample value per parameter name.
    path("<slug:treatment_slug>/", views.treatment_detail, name="treatment-detail"),
]
