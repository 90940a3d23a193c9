from django.urls import path

from . import views

# Each role's home page joins these under the same names in frontdesk/urls.py.
app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("login/verify/", views.otp_verify, name="otp-verify"),
    path("account/two-step/", views.otp_enrol, name="otp-enrol"),
    path("account/two-step/disable/", views.otp_disable, name="otp-disable"),
    path("session/idle/", views.session_idle, name="idle"),
    path("session/keepalive/", views.session_keepalive, name="keepalive"),
]
