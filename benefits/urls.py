from django.urls import path

from . import attachment_views, coverage_views, letter_views, views

app_name = "benefits"
urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("worklist/assign/", views.worklist_assign, name="assign"),
    path("cases/new/<uuid:evaluation_id>/", views.case_new, name="case-new"),
    path("coverages/<uuid:coverage_id>/", views.coverage_detail, name="coverage"),
    path("patients/<uuid:patient_id>/coverages/new/", coverage_views.coverage_new, name="coverage-new"),
    path("coverages/<uuid:coverage_id>/edit/", coverage_views.coverage_edit, name="coverage-edit"),
    path("coverages/<uuid:coverage_id>/end/", coverage_views.coverage_end_view, name="coverage-end"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case"),
    path("cases/<uuid:case_id>/transition/", views.case_transition, name="case-transition"),
    path("cases/<uuid:case_id>/checklist/", views.case_checklist, name="case-checklist"),
    path("cases/<uuid:case_id>/approval/", views.case_approval, name="case-approval"),
    path("cases/<uuid:case_id>/notes/", views.case_note, name="case-note"),
    path("cases/<uuid:case_id>/units/", views.case_units, name="case-units"),
    path("cases/<uuid:case_id>/letter/", letter_views.case_letter, name="case-letter"),
    path("cases/<uuid:case_id>/letter.pdf", letter_views.case_letter_pdf, name="case-letter-pdf"),
    path("cases/<uuid:case_id>/letter/edit/", letter_views.letter_edit, name="case-letter-edit"),
    path(
        "cases/<uuid:case_id>/letter/finalize/",
        letter_views.letter_finalize_view,
        name="case-letter-finalize",
    ),
    path("cases/<uuid:case_id>/letter/amend/", letter_views.letter_amend_view, name="case-letter-amend"),
    path("cases/<uuid:case_id>/letter/attach/", letter_views.letter_attach_view, name="case-letter-attach"),
    path("cases/<uuid:case_id>/packet.pdf", attachment_views.case_packet_pdf, name="case-packet-pdf"),
    path("cases/<uuid:case_id>/attachments/", attachment_views.attachment_upload, name="attachment-upload"),
    path("attachments/<uuid:attachment_id>/", attachment_views.attachment_download, name="attachment"),
    path(
        "attachments/<uuid:attachment_id>/remove/",
        attachment_views.attachment_remove,
        name="attachment-remove",
    ),
]
