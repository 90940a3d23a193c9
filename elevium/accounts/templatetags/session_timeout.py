"""Refresh tags for the automatic logoff, without scripts (the CSP forbids inline ones).

``{% idle_refresh_meta %}`` (base.html, signed-in pages) takes a tab left alone to the idle page
once the session would have expired. ``{% auto_refresh_meta 2 %}`` is for a page that reloads
itself: its reloads carry ``?auto-refresh=1`` and so do not count as activity (accounts/idle.py).
A document obeys only its first refresh tag, so base.html puts the idle one after the page's own.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from elevium.accounts.idle import AUTO_REFRESH_PARAM, CLIENT_GRACE_SECONDS

register = template.Library()


@register.simple_tag
def idle_refresh_meta() -> SafeString:
    seconds = settings.IDLE_TIMEOUT_SECONDS + CLIENT_GRACE_SECONDS
    return format_html('<meta http-equiv="refresh" content="{}; url={}">', seconds, reverse("accounts:idle"))


@register.simple_tag
def auto_refresh_meta(seconds: int) -> SafeString:
    return format_html(
        '<meta http-equiv="refresh" content="{}; url=?{}=1">', int(seconds), AUTO_REFRESH_PARAM
    )
