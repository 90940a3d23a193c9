"""HTML to PDF for letters, with WeasyPrint (pure Python over Pango; no browser, no network)."""

from __future__ import annotations


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import (about a second), which only letters need.
    from weasyprint import HTML

    # base_url=None and no url_fetcher access beyond data: URIs: a letter never fetches anything.
    return HTML(string=html, base_url=None, url_fetcher=_refuse_fetch).write_pdf()


def _refuse_fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
    raise ValueError("letters do not load external resources")
