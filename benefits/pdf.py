"""HTML to PDF for letters, with WeasyPrint (pure Python over Pango; no browser, no network)."""

from __future__ import annotations

from typing import Any


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import (about a second), which only letters need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class _RefuseFetch(URLFetcher):  # type: ignore[misc]  # weasyprint ships no types
        """A letter never fetches anything: an image, stylesheet or font URL in its HTML (which
        escaping keeps out) is refused and logged, and the letter renders without it."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError("letters do not load external resources")

    # WeasyPrint 70 requires a URLFetcher instance here: a plain function that raises is not
    # caught as a refused resource but crashes the render (AttributeError: _fail_on_errors).
    pdf: bytes = HTML(string=html, base_url=None, url_fetcher=_RefuseFetch()).write_pdf()
    return pdf
