"""``Cache-Control: no-store`` on every response Django answers.

Nearly every page and API answer here carries patient data (names, MRNs, clinical facts,
letters, PDFs), and the rest (sign-in, health) gain nothing from being cached. Marking all of
them is simpler and safer than listing which ones may be cached: a browser's disk cache, the
back button after sign-out and a shared proxy then keep nothing. Static files are served by
WhiteNoise before this middleware runs and keep their own long-lived caching headers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):  # a view that chose (always no-store) keeps it
            # Django's own: "max-age=0, no-cache, no-store, must-revalidate, private" and Expires.
            add_never_cache_headers(response)
        # For HTTP/1.0 caches, which know neither no-store nor private.
        response.setdefault("Pragma", "no-cache")
        return response
