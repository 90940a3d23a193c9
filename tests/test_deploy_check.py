"""Production settings, read from a production environment: `check --deploy` has nothing to say,
and the responses carry the headers and cookie flags that the settings promise.

The settings are loaded in a subprocess from environment variables only, as docker-compose gives
them, and the header tests apply exactly those values; so a change to how settings.py reads the
environment is tested here, not a hand-written copy of it.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

from elevium.accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

BASE_DIR = Path(__file__).resolve().parents[1]
HOST = "cds.example.org"

# What a deployer sets (README, docker-compose.yml); everything else keeps its default.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "SECURE_COOKIES": "true",
    "TRUST_PROXY_HTTPS_HEADER": "true",
    "ALLOWED_HOSTS": HOST,
    "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
}
SECURITY_SETTINGS = (
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "MIDDLEWARE",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "CSP_REPORT_URI",
)

PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    f"print(json.dumps({{name: getattr(settings, name, None) for name in {SECURITY_SETTINGS!r}}}))"
)


def _env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """A clean environment, not the test run's (which allows async-unsafe ORM calls for
    Playwright, and may set anything else): the services' URLs, the production variables, and
    local state (static root, broker folders) in a scratch folder rather than the checkout's var/."""
    services = {name: os.environ[name] for name in ("DATABASE_URL", "REDIS_URL") if name in os.environ}
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        **services,
        **PRODUCTION,
        "DJANGO_SETTINGS_MODULE": "elevium.settings",
        "ELEVIUM_VAR_DIR": str(tmp_path),
        **overrides,
    }


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_finds_nothing_under_production_settings(tmp_path: Path) -> None:
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr and "security." not in result.stderr


def test_turning_hsts_preload_off_is_the_one_warning_left(tmp_path: Path) -> None:
    # The documented way out of preloading, and proof that the check above can fail.
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        _env(tmp_path, SECURE_HSTS_PRELOAD="false"),
    )
    assert result.returncode == 1
    assert "security.W021" in result.stderr
    assert result.stderr.count("(security.") == 1, result.stderr


def test_a_report_uri_that_could_rewrite_the_policy_stops_start_up(tmp_path: Path) -> None:
    result = _run(
        ["manage.py", "check"], _env(tmp_path, CSP_REPORT_URI="https://r.example.org/; script-src *")
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "CSP_REPORT_URI is not a report URL" in lines[0]


@pytest.fixture(scope="module")
def production_settings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = _run(["-c", PRINT_SETTINGS], _env(tmp_path_factory.mktemp("var")))
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(production_settings: dict[str, Any], db: None) -> Iterator[dict[str, Any]]:
    with override_settings(**production_settings):
        yield production_settings


def _https() -> Client:
    """A browser behind the TLS-terminating proxy, which sets X-Forwarded-Proto."""
    return Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")


def test_the_production_environment_gives_the_expected_settings(production: dict[str, Any]) -> None:
    assert production["DEBUG"] is False
    assert production["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] == 31536000
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert "elevium.lib.csp.ContentSecurityPolicyMiddleware" in production["MIDDLEWARE"]


def test_plain_http_is_redirected_to_https(production: dict[str, Any]) -> None:
    response = Client(HTTP_HOST=HOST).get("/login/?next=/patients/")
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/login/?next=/patients/"


def test_healthz_answers_plain_http_for_the_load_balancer(production: dict[str, Any]) -> None:
    response = Client(HTTP_HOST=HOST).get("/healthz")
    assert response.status_code == 200, response.content
    assert "Location" not in response


def test_an_https_page_carries_every_security_header(production: dict[str, Any]) -> None:
    response = _https().get("/login/")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy.split("; ")


def test_the_csrf_cookie_is_secure_and_http_only(production: dict[str, Any]) -> None:
    response = _https().get("/login/")
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_session_cookie_is_secure_and_http_only(production: dict[str, Any]) -> None:
    UserFactory(username="prod-clinician", role=Role.CLINICIAN)
    response = _https().post("/login/", {"username": "prod-clinician", "password": PASSWORD})
    assert response.status_code == 302, response.content
    cookie = response.cookies["sessionid"]
    assert cookie.value
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_a_forwarded_proto_header_is_not_trusted_unless_configured(
    production: dict[str, Any],
) -> None:
    # Without TRUST_PROXY_HTTPS_HEADER a client could claim HTTPS over plain HTTP; the setting
    # comes only from the deployer, and without it the claim is ignored and the redirect stands.
    with override_settings(SECURE_PROXY_SSL_HEADER=None):
        response = _https().get("/login/")
    assert response.status_code == 301
