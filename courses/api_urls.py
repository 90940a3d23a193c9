from django.urls import path

from .api import courses, sessions

app_name = "courses-api"
urlpatterns = [
    path("", courses.CourseListApi.as_view(), name="course-list"),
    path("patients/<uuid:patient_id>/", courses.PatientCourseListApi.as_view(), name="patient-courses"),
    path(
        "patients/<uuid:patient_id>/rems-enrolment/",
        sessions.PatientRemsEnrolmentApi.as_view(),
        name="patient-rems-enrolment",
    ),
    path("schedule/", sessions.ScheduleApi.as_view(), name="schedule"),
    path("outcomes/", courses.OutcomeRatesApi.as_view(), name="outcomes"),
    path("monitoring-forms/", sessions.MonitoringFormListApi.as_view(), name="monitoring-form-list"),
    path(
        "monitoring-forms/<uuid:form_id>/file/",
        sessions.MonitoringFormFileApi.as_view(),
        name="monitoring-form-file",
    ),
    path("<uuid:course_id>/", courses.CourseDetailApi.as_view(), name="course-detail"),
    path("<uuid:course_id>/transition/", courses.CourseTransitionApi.as_view(), name="course-transition"),
    path("<uuid:course_id>/decisions/", courses.CourseDecisionApi.as_view(), name="course-decisions"),
    path("<uuid:course_id>/relapses/", courses.CourseRelapseApi.as_view(), name="course-relapses"),
    path(
        "<uuid:course_id>/measurements/", courses.CourseMeasurementApi.as_view(), name="course-measurements"
    ),
    path("<uuid:course_id>/slots/", courses.CourseSlotApi.as_view(), name="course-slots"),
    path("<uuid:course_id>/sessions/", sessions.CourseSessionApi.as_view(), name="course-sessions"),
    path("<uuid:course_id>/deferrals/", sessions.CourseDeferralApi.as_view(), name="course-deferrals"),
    path(
        "sessions/<uuid:session_id>/observations/",
        sessions.SessionObservationApi.as_view(),
        name="session-observations",
    ),
    path(
        "sessions/<uuid:session_id>/discharge/",
        sessions.SessionDischargeApi.as_view(),
        name="session-discharge",
    ),
]
