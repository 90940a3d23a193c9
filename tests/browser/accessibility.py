"""axe-core in Chromium: every page a browser journey loads is checked, and a serious or critical
violation fails the test, naming the rule and the elements (issue 12, Accessibility)."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error, Page

# Minor and moderate findings are reported by axe but do not fail a journey (issue 12's bar).
FAILING_IMPACTS = frozenset({"serious", "critical"})

# Every rule runs, meta-refresh included: no page reloads itself with a refresh tag any more (the
# idle logoff warns first and activity resets it: elevium/static/js/idle.js).
_OPTIONS = {"resultTypes": ["violations"]}
_AXE = Axe()


def accessibility_violations(page: Page) -> list[str]:
    """One line per serious or critical violation on the page as it is now: rule, impact, targets."""
    results = _AXE.run(page, options=_OPTIONS)
    found: list[str] = []
    for violation in results.response.get("violations", []):
        if violation.get("impact") not in FAILING_IMPACTS:
            continue
        targets = ", ".join(" ".join(map(str, node.get("target", []))) for node in violation.get("nodes", []))
        rule = f"{violation['id']} ({violation['impact']}): {violation['help']}"
        found.append(f"{page.url}: {rule} — {targets}")
    return found


def assert_accessible(page: Page) -> None:
    found = accessibility_violations(page)
    assert not found, "Accessibility violations:\n" + "\n".join(found)


def check_every_load(page: Page, into: list[str]) -> None:
    """After each page load, append that page's violations to `into` (the conftest fails the test
    on them). A page that navigated away before axe finished is checked at its next load."""
    checked: set[str] = set()

    def on_load(loaded: Any) -> None:
        try:
            found = accessibility_violations(loaded)
        except Error:
            return
        for line in found:
            if line not in checked:
                checked.add(line)
                into.append(line)

    page.on("load", on_load)
