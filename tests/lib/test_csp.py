"""The Content-Security-Policy middleware, and every page of the URLconf, for every visitor:
the header is there, and nothing in the HTML would need the policy loosened."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from elevium.accounts.roles import Role
from elevium.lib import csp
from elevium.lib.env import EnvError
from tests.accounts.test_role_matrix import (  # noqa: F401 - sample_kwargs is a fixture
    ADMIN_URLS,
    ANON,
    APP_URLS,
    EXPECTED,
    WHO,
    _client,
    _url,
    sample_kwargs,
)
from tests.inline_code import inline_code

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def test_it_sets_the_strict_policy_on_a_page(client: Client) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == STRICT


def test_it_sets_the_policy_on_static_files_and_json(client: Client, db: None) -> None:
    assert client.get("/static/css/app.css")["Content-Security-Policy"] == STRICT
    assert client.get("/healthz")["Content-Security-Policy"] == STRICT


def test_it_keeps_a_policy_the_view_set(
    sample_kwargs: dict[str, Any],  # noqa: F811
    client_for: Any,
) -> None:
    response = client_for(Role.CARE_COORDINATOR).get(_url("benefits:case-letter", sample_kwargs))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'; style-src 'sha256-")
    assert "unsafe-inline" not in policy
    assert policy.count("'sha256-") == 1
    assert inline_code(response.content.decode(), policy=policy) == []


@override_settings(CSP_REPORT_URI="https://csp.example.org/report")
def test_it_names_the_report_uri_when_one_is_configured(client: Client) -> None:
    assert client.get("/login/")["Content-Security-Policy"] == (
        f"{STRICT}; report-uri https://csp.example.org/report"
    )


def test_only_debug_error_pages_go_without_a_policy(client_for: Any) -> None:
    # Django's technical error pages are inline script and style; they exist only with DEBUG on.
    clinician = client_for(Role.CLINICIAN)
    with override_settings(DEBUG=True):
        missing = clinician.get("/no-such-page/")
        page = clinician.get("/treatments/")
    assert missing.status_code == 404
    assert "Content-Security-Policy" not in missing
    assert page["Content-Security-Policy"] == STRICT
    assert clinician.get("/no-such-page/")["Content-Security-Policy"] == STRICT


@pytest.mark.parametrize(
    "value",
    [
        "https://csp.example.org/r; script-src *",
        "https://a.example.org/r, https://b.example.org/r",
        "https://csp.example.org/r 'unsafe-inline'",
        "ftp://csp.example.org/r",
        "csp.example.org/r",
    ],
)
def test_a_report_uri_that_could_rewrite_the_policy_is_refused(value: str) -> None:
    with pytest.raises(EnvError, match="CSP_REPORT_URI"):
        csp.check_report_uri("CSP_REPORT_URI", value)


@pytest.mark.parametrize("value", ["", "/csp-report/", "https://csp.example.org/r?site=cds"])
def test_a_plain_report_uri_is_accepted(value: str) -> None:
    assert csp.check_report_uri("CSP_REPORT_URI", value) == value


def test_the_letter_hash_covers_exactly_its_stylesheet() -> None:
    html = "<style>p { color: red }</style><p>x</p><style>b{}</style>"
    # echo -n 'p { color: red }' | openssl dgst -sha256 -binary | base64
    assert csp.style_hashes(html) == [
        "'sha256-ngewhhP73WDIbgwseeu52VAAJgKdGUsu1IUQQsAm8m4='",
        "'sha256-7yqHVAesot11p6HczDsgKRipvI5UPgs97z80zNXlans='",
    ]


def test_the_inline_code_finder_finds_what_the_policy_would_block() -> None:
    html = (
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/json">{"a": 1}</script>'
        '<img src=x onerror="alert(1)"><p style="color:red">x</p>'
        '<a href=" jav&#x09;ascript:alert(1)">x</a><style>p{}</style>'
    )
    problems = inline_code(html)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "inline <script> without src",
        "<img onerror=...> event handler attribute",
        "<p style=...> inline style attribute",
        "<a href=' jav\\tascript:alert(1)'> script URL",
        "<style> element not allowed by the policy's hashes",
    ]


def _get_pages(client: Any, names: list[str], kwargs: dict[str, Any]) -> tuple[list[str], int]:
    """Problems found on the GET pages among ``names``, and how many HTML pages were read."""
    problems: list[str] = []
    html_pages = 0
    for name in names:
        if EXPECTED.get(name, ("GET", {}))[0] != "GET":
            continue
        response = client.get(_url(name, kwargs))
        policy = response.get("Content-Security-Policy", "")
        if not policy:
            problems.append(f"{name}: {response.status_code} without Content-Security-Policy")
        if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
            html_pages += response.status_code == 200
            problems += [f"{name}: {p}" for p in inline_code(response.content.decode(), policy=policy)]
    return problems, html_pages


# HTML pages that answer 200 to each visitor (the rest are redirects, refusals, JSON, PDF), a
# little under today's counts (1, 15, 15, 14, 63): the walk cannot quietly go empty.
AT_LEAST_HTML_PAGES = {
    ANON: 1,
    Role.CLINICIAN: 12,
    Role.CARE_COORDINATOR: 12,
    Role.REVIEWER: 12,
    Role.TREATMENT_STAFF: 5,
    Role.ADMIN: 50,
}


@pytest.mark.parametrize("who", WHO)
def test_every_page_has_the_policy_and_no_inline_code(
    client: Client,
    sample_kwargs: dict[str, Any],  # noqa: F811
    who: str,
) -> None:
    client = _client(client, who)
    problems, html_pages = _get_pages(client, APP_URLS, sample_kwargs)
    if who == Role.ADMIN:
        admin_problems, admin_pages = _get_pages(client, ADMIN_URLS, sample_kwargs)
        problems, html_pages = problems + admin_problems, html_pages + admin_pages
    assert problems == [], "\n".join(problems)
    assert html_pages >= AT_LEAST_HTML_PAGES[who], html_pages
