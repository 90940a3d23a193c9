from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("login/verify/", views.otp_verify, name="otp-verify"),
    path("account/two-step/", views.otp_enrol, name="otp-enrol"),
    path("account/two-step/disable/", views.otp_disable, name="otp-disable"),
    path("session/idle/", views.session_idle, name="idle"),
    path("home/clinician/", views.home_clinician, name="home-clinician"),
    path("home/coordinator/", views.home_coordinator, name="home-coordinator"),
    path("home/reviewer/", views.home_reviewer, name="home-reviewer"),
    path("home/admin/", views.home_admin, name="home-admin"),
]
