"""Start-up with a bad setting or a database that does not answer: one clear line, non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("DATABASE_URL", "mysql://clinic:hunter2@db/clinic", "DATABASE_URL has scheme 'mysql'"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL is not a Redis URL"),
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("SECRET_KEY", "short", "SECRET_KEY is too short"),
        ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT=-1 is below the minimum of 0"),
        # 32 random characters were accepted once; `check --deploy` wants 50 (security.W009).
        ("SECRET_KEY", "k3" * 16, "SECRET_KEY is too short (32 characters): use at least 50"),
    ],
)
def test_a_malformed_variable_stops_start_up_with_one_line(variable: str, value: str, says: str) -> None:
    result = _manage("check", **{variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]
    assert "hunter2" not in result.stderr


def test_serve_stops_with_one_line_when_the_database_does_not_answer(tmp_path: Path) -> None:
    result = _manage(
        "serve",
        "--port",
        "0",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
        ELEVIUM_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "CommandError: the database does not answer (OperationalError): check DATABASE_URL, "
        "or unset it to use the embedded SQLite file."
    ]


def test_serve_stops_with_one_line_when_the_port_is_taken(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _manage("serve", "--port", str(port), ELEVIUM_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"CommandError: port {port} on 127.0.0.1 is already in use: stop the other server or run "
        f"'python manage.py serve --port {port + 1}'."
    ]
