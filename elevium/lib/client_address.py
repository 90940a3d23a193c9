"""The address of the client behind the deployment's reverse proxies, for counting sign-in failures.

Each proxy appends the address it received the request from to X-Forwarded-For, so with N
trusted proxies the client is the N-th entry from the right; entries further left were written
by the client and prove nothing. With TRUSTED_PROXY_COUNT = 0 (the default) the header is
ignored, since anyone can send it. A header with fewer entries than that, or an entry that is
not an address, means the request did not come through the proxies as configured: the
connection's own address is used then, never a value the client chose.

django-axes would read the header through django-ipware, a dependency more for this one rule.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(forwarded) < count:
        return remote
    return _address(forwarded[-count]) or remote
