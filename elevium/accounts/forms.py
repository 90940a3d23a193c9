from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .throttle import login_failure_record, login_failures_clear, login_is_throttled


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username and password do not match. Please try again.",
        "throttled": "Too many failed sign-in attempts. Wait 15 minutes, or ask an administrator to help.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        client_ip = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if login_is_throttled(username=username, client_ip=client_ip):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_failure_record(username=username, client_ip=client_ip)
            raise
        login_failures_clear(username=username)
        return cleaned
