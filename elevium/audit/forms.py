from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from .exports import MAX_DAYS, ExportRange, export_range, export_range_errors


class AuditExportForm(forms.Form):
    date_from = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=f"Both days included, at most {MAX_DAYS} days.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if isinstance(first, dt.date) and isinstance(last, dt.date):
            for error in export_range_errors(first, last):
                self.add_error("date_to", error)
        return cleaned

    def period(self) -> ExportRange:
        return export_range(self.cleaned_data["date_from"], self.cleaned_data["date_to"])
