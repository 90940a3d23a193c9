from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction

from .lockout import login_failure_counted, login_is_locked


def refused_message() -> str:
    """One message for every refusal by count, whether or not the username exists, so the page
    cannot be used to tell real usernames from made-up ones."""
    minutes = settings.LOGIN_LOCKOUT_SECONDS // 60
    return f"Too many failed sign-in attempts. Wait {minutes} minutes, or ask an administrator to help."


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username and password do not match. Please try again.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        # Checked before the password, which is then not hashed: a refused attempt costs the
        # same whether the username exists or not, and says nothing about the password.
        if self.request is not None and login_is_locked(self.request, username=username):
            raise forms.ValidationError(refused_message(), code="locked")
        refusal: forms.ValidationError | None = None
        # One transaction: the failure django-axes counts (on the user_login_failed signal that
        # authenticate() sends) and the audit event of a lock it sets commit together.
        with transaction.atomic():
            try:
                cleaned = super().clean()
            except forms.ValidationError as error:
                refusal = error
                if self.request is not None:
                    login_failure_counted(self.request, username=username)
        if refusal is not None:
            raise refusal
        # Counts are cleared when the sign-in completes (axes, on user_logged_in), not here: a
        # correct password followed by wrong codes must keep counting towards the lockout.
        return cleaned


class CodeForm(forms.Form):
    """A 6-digit code from an authenticator app. Spaces and dashes are allowed and dropped."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        # str.isdigit() also accepts other scripts' digits (full-width '１２３４５６'), which the
        # code comparison cannot take: refuse them here, as what they are, not as a wrong code.
        if not all(ch in "0123456789 -\t" for ch in code):
            raise forms.ValidationError("Enter the code with the digits 0 to 9, as your app shows it.")
        return code
