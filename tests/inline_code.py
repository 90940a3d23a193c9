"""What in a page a strict Content-Security-Policy would block, or a payload could run through:
inline scripts, event-handler attributes, ``javascript:`` URLs, style attributes and
``<style>`` elements (unless the response's own policy allows that stylesheet by hash)."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

# Data blocks (json_script) are not run, and a policy does not apply to them.
_DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
_EVENT_HANDLER = re.compile(r"^on[a-z]+$")
# Attributes a browser follows or loads as a URL (a form field's value is only text).
_URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "srcset",
    "longdesc",
    "codebase",
    "manifest",
}
# Browsers drop ASCII whitespace and control characters inside a URL's scheme.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]+")


class _Finder(HTMLParser):
    def __init__(self, allowed_style_hashes: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed_style_hashes = allowed_style_hashes
        self.problems: list[str] = []
        self._in: str | None = None  # "script" or "style" while inside one
        self._text: list[str] = []
        self._line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        names = {name for name, _ in attrs}
        for name, value in attrs:
            if _EVENT_HANDLER.match(name):
                self.problems.append(f"line {line}: <{tag} {name}=...> event handler attribute")
            elif name == "style":
                self.problems.append(f"line {line}: <{tag} style=...> inline style attribute")
            if (
                name in _URL_ATTRIBUTES
                and value
                and _IGNORED_IN_SCHEME.sub("", value).lower().startswith(("javascript:", "vbscript:"))
            ):
                self.problems.append(f"line {line}: <{tag} {name}={value[:40]!r}> script URL")
        script_type = (dict(attrs).get("type") or "").strip().lower()
        if tag == "script" and "src" not in names and script_type not in _DATA_SCRIPT_TYPES:
            self._in, self._text, self._line = "script", [], line
        elif tag == "style":
            self._in, self._text, self._line = "style", [], line

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in != tag:
            return
        if tag == "script":
            self.problems.append(f"line {self._line}: inline <script> without src")
        else:
            digest = hashlib.sha256("".join(self._text).encode()).digest()
            source = f"'sha256-{base64.b64encode(digest).decode()}'"
            if source not in self.allowed_style_hashes:
                self.problems.append(f"line {self._line}: <style> element not allowed by the policy's hashes")
        self._in = None


def inline_code(html: str, *, policy: str = "") -> list[str]:
    """Every problem found in ``html``, by line; ``policy`` is the response's CSP header, whose
    ``'sha256-…'`` sources allow those exact ``<style>`` elements."""
    finder = _Finder(set(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", policy)))
    finder.feed(html)
    finder.close()
    return finder.problems
