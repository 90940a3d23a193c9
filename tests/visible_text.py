"""What a person reads on a page: its text nodes, parsed with the standard library's HTML parser.

Attributes (names, ids, values, ``data-*``) are never read, and neither is what sits in
``<code>``, ``<script>`` or ``<style>``: keys may live there. Everything else must be written
for people: no ``snake_case`` field keys, no ``criteria.md`` anchors (issue 10) and no "(s)".
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is not prose for people (code samples, scripts, styles).
_SKIPPED = {"code", "script", "style", "template"}
# Void elements never close, so they must not count as open.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")


class _TextNodes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.nodes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.nodes.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    """The page's text nodes, whitespace collapsed, outside code, scripts and styles."""
    parser = _TextNodes()
    parser.feed(html)
    parser.close()
    return parser.nodes


def unreadable(html: str) -> list[str]:
    """Text nodes a person should never read: a field key, a criteria.md anchor, or a "(s)" plural."""
    return [
        node
        for node in visible_text(html)
        if SNAKE_CASE.search(node) or "criteria.md" in node or "(s)" in node
    ]


def assert_readable(html: str) -> None:
    bad = unreadable(html)
    assert not bad, "text for people carries keys or criteria.md anchors:\n" + "\n".join(bad)
