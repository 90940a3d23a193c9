from django.urls import path

from . import booking_views, session_views, start_views, views

app_name = "courses"
urlpatterns = [
    path("schedule/", views.schedule, name="schedule"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("start/case/<uuid:case_id>/", start_views.start_from_case, name="start-from-case"),
    path("start/patient/<uuid:patient_id>/", start_views.start_self_pay, name="start-self-pay"),
    path("<uuid:course_id>/", views.course_detail, name="course"),
    path("<uuid:course_id>/decide/", views.course_decide, name="decide"),
    path("<uuid:course_id>/status/", views.course_status, name="status"),
    path("<uuid:course_id>/reassess/", views.course_reassess, name="reassess"),
    path("<uuid:course_id>/measurements/", views.measurement_new, name="measurement-new"),
    path("<uuid:course_id>/rems-enrolment/", views.rems_enrolment, name="rems-enrolment"),
    path("<uuid:course_id>/sessions/new/", session_views.session_new, name="session-new"),
    path("sessions/<uuid:session_id>/", session_views.session_detail, name="session"),
    path("sessions/<uuid:session_id>/observations/", session_views.session_observe, name="session-observe"),
    path("sessions/<uuid:session_id>/discharge/", session_views.session_discharge, name="session-discharge"),
    path("monitoring-forms/<uuid:form_id>/file/", session_views.monitoring_form_file, name="form-file"),
    path("<uuid:course_id>/bookings/", booking_views.slot_new, name="slot-new"),
    path("bookings/<uuid:slot_id>/cancel/", booking_views.slot_cancel, name="slot-cancel"),
    path("<uuid:course_id>/relapses/", booking_views.relapse_new, name="relapse-new"),
]
