"""Content-Security-Policy on every response (Django 5.2 has none built in; 6.0 adds one).

The pages run no script of their own and carry no inline style (STYLE.md, Templates), so the
policy can forbid both outright: a payload that slips past template escaping still cannot run,
load a script from elsewhere, post a form to another origin or frame the app. A view that needs
something else (the letter of medical necessity, a print document with its own ``<style>``)
sets its own header, which this middleware leaves alone.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings

from .env import EnvError

if TYPE_CHECKING:  # settings.py imports this module; django.http stays out of settings loading.
    from django.http import HttpRequest, HttpResponseBase

HEADER = "Content-Security-Policy"

# Directives that do not fall back to default-src (base-uri, form-action, frame-ancestors) are
# named explicitly. img-src allows data: as well: harmless (an image runs nothing) and what
# small generated images (icons, QR codes) tend to use.
POLICY: Mapping[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)


def serialize(directives: Mapping[str, str]) -> str:
    """The header value for ``directives``, with the deployer's report-uri when one is set.

    report-uri, not report-to: every current browser still honours it, and report-to would
    also need a Reporting-Endpoints header and an HTTPS endpoint to work at all.
    """
    parts = [f"{name} {value}" for name, value in directives.items()]
    report_uri = getattr(settings, "CSP_REPORT_URI", "")
    if report_uri:
        parts.append(f"report-uri {report_uri}")
    return "; ".join(parts)


def style_hashes(html: str) -> list[str]:
    """A ``'sha256-…'`` source for each ``<style>`` element of ``html``, to allow exactly those.

    Computed from the rendered page, so editing the stylesheet in the template cannot leave a
    stale hash behind. Escaped output cannot forge a ``<style>`` element.
    """
    sources = []
    for match in _STYLE_ELEMENT.finditer(html):
        digest = hashlib.sha256(match.group(1).encode()).digest()
        sources.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sources


def check_report_uri(name: str, value: str) -> str:
    """An absolute http(s) URL or a path on this site; anything that could end the directive
    (``;``, ``,``, whitespace) would let the variable rewrite the policy, so it is refused."""
    if not value:
        return value
    split = urlsplit(value)
    absolute = split.scheme in {"http", "https"} and bool(split.netloc)
    if re.search(r"[\s;,'\"]", value) or not (absolute or value.startswith("/")):
        raise EnvError(f"{name} is not a report URL: use https://HOST/PATH or /PATH, with no spaces or ';'.")
    return value


class ContentSecurityPolicyMiddleware:
    """Sets :data:`POLICY` on every response that does not already carry a policy.

    Placed right after SecurityMiddleware, outside WhiteNoise, so static files get it too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if HEADER in response:
            return response
        if settings.DEBUG and response.status_code >= 400:
            # Django's technical error pages (DEBUG only, never with patient data) are inline
            # script and style; under the policy a developer would get an unreadable traceback.
            return response
        response[HEADER] = serialize(POLICY)
        return response
