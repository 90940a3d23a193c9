"""The automatic logoff in the page: a warning before it, which activity resets (idle.js).

``{% idle_warning %}`` (base.html and the on-screen letter, signed-in pages) renders the warning,
hidden, with what idle.js needs: how long the session has left now, when to warn, where to
report activity (accounts:keepalive) and where an idle tab goes (accounts:idle). Without
scripts nothing is shown and nothing refreshes: the server signs an idle session out on its next
request (IdleTimeoutMiddleware), which is what protects the record.

``{% auto_refresh_after 2 %}`` marks a page that reloads itself (refresh.js): its reloads carry
``?auto-refresh=1`` and so do not count as activity (accounts/idle.py).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from elevium.accounts.idle import (
    AUTO_REFRESH_PARAM,
    CLIENT_GRACE_SECONDS,
    activity_write_interval,
    seconds_left,
    warning_seconds,
)

register = template.Library()


@register.inclusion_tag("accounts/_idle_warning.html", takes_context=True)
def idle_warning(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    left = seconds_left(request.session) if request is not None else settings.IDLE_TIMEOUT_SECONDS
    return {
        "seconds_left": left,
        "grace": CLIENT_GRACE_SECONDS,
        "warn": warning_seconds(),
        "interval": activity_write_interval(),
        "keepalive_url": reverse("accounts:keepalive"),
        "idle_url": reverse("accounts:idle"),
    }


@register.simple_tag
def auto_refresh_after(seconds: int) -> SafeString:
    return format_html(
        '<div hidden data-reload-after="{}" data-reload-url="?{}=1"></div>', int(seconds), AUTO_REFRESH_PARAM
    )
