"""The administrator's audit export: a date-range form that answers with a streamed CSV."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import Role

from .exports import audit_export
from .forms import AuditExportForm


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def audit_export_page(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """GET: the form (last seven days by default). POST: the CSV, audited as ``audit.exported``.

    POST, not a GET link: each export is an audit event, and CSRF protection keeps another
    site from making an administrator's browser record one.
    """
    if request.method == "POST":
        form = AuditExportForm(request.POST)
        if form.is_valid():
            export = audit_export(actor=request.user, period=form.period(), channel="admin_page")
            response = StreamingHttpResponse(export.chunks, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{export.period.filename}"'
            # Patient ids and who did what: not for shared caches or the browser's disk cache.
            response["Cache-Control"] = "no-store"
            return response
    else:
        today = timezone.localdate()
        form = AuditExportForm(initial={"date_from": today - dt.timedelta(days=6), "date_to": today})
    status = 400 if form.is_bound else 200
    context = {"form": form, "time_zone": settings.TIME_ZONE}
    return render(request, "audit/export.html", context, status=status)
