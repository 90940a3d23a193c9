"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

No `playwright install`: the browser is /usr/bin/chromium (apt package `chromium`). Each test
leaves a screenshot of its last page in test-artifacts/browser/, and a failing test one named
`…-FAILED.png`, to be looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .accessibility import check_every_load

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium's calls home are refused by the closed network.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.exit("browser tests need Debian's Chromium: run bin/test-prerequisites", returncode=2)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 860}}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """A test that passed fails if Chromium reported a Content-Security-Policy violation: an
    inline script or style, or a load from elsewhere, that the policy blocked on some page."""
    result = yield
    violations = getattr(item, "csp_violations", [])
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False)
    inaccessible = getattr(item, "accessibility_violations", [])
    if inaccessible:
        pytest.fail("Accessibility violations (axe-core):\n" + "\n".join(inaccessible), pytrace=False)
    return result


@pytest.fixture(autouse=True)
def _watch_for_csp_violations(request: pytest.FixtureRequest, page: Any) -> None:
    # Chromium logs each blocked script, style or load to the console, naming the policy.
    violations: list[str] = []
    request.node.csp_violations = violations

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", console)


@pytest.fixture(autouse=True)
def _check_accessibility_of_every_page(request: pytest.FixtureRequest, page: Any) -> None:
    violations: list[str] = []
    request.node.accessibility_violations = violations
    check_every_load(page, violations)


@pytest.fixture(autouse=True)
def _screenshot_last_page(request: pytest.FixtureRequest, page: Any) -> Iterator[None]:
    yield
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    report = getattr(request.node, "report_call", None)
    suffix = "-FAILED" if report is not None and report.failed else ""
    page.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"), full_page=True)
