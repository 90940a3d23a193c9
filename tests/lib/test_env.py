"""The environment readers: safe defaults, and one clear error naming the variable when malformed."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from elevium.lib.env import EnvError, env_bool, env_int, env_list, env_secret, parse_database_url


@pytest.mark.parametrize(
    ("url", "engine", "name"),
    [
        ("postgres://u:p@db.example:6543/clinic", "django.db.backends.postgresql", "clinic"),
        ("postgresql://u@127.0.0.1/clinic", "django.db.backends.postgresql", "clinic"),
        ("sqlite:///var/app.sqlite3", "django.db.backends.sqlite3", "var/app.sqlite3"),
        ("sqlite:////tmp/app.sqlite3", "django.db.backends.sqlite3", "/tmp/app.sqlite3"),
    ],
)
def test_it_parses_database_urls(url: str, engine: str, name: str) -> None:
    parsed = parse_database_url("DATABASE_URL", url)
    assert (parsed["ENGINE"], parsed["NAME"]) == (engine, name)


def test_it_reads_postgres_credentials_and_port() -> None:
    parsed = parse_database_url("DATABASE_URL", "postgres://clinic:s%40cret@db:6543/elevium?sslmode=require")
    assert parsed["USER"] == "clinic"
    assert parsed["PASSWORD"] == "s@cret"
    assert (parsed["HOST"], parsed["PORT"]) == ("db", "6543")
    assert parsed["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize(
    "url", ["mysql://u:p@h/db", "postgres://u:p@h:port/db", "postgres://u:p@h:5432/", "sqlite://", "nonsense"]
)
def test_it_refuses_malformed_database_urls_without_echoing_them(url: str) -> None:
    with pytest.raises(EnvError) as excinfo:
        parse_database_url("DATABASE_URL", url)
    message = str(excinfo.value)
    assert "DATABASE_URL" in message
    assert ":p@" not in message  # never echo a password


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("true", True), ("off", False), ("0", False)])
def test_it_reads_booleans(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", not expected) is expected


def test_it_refuses_a_boolean_it_cannot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(EnvError, match="DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", False)


def test_it_refuses_a_number_below_its_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGIN_LOCKOUT_THRESHOLD", "0")
    with pytest.raises(EnvError, match="LOGIN_LOCKOUT_THRESHOLD=0 is below the minimum of 1"):
        env_int("LOGIN_LOCKOUT_THRESHOLD", 5, minimum=1)


def test_it_refuses_an_empty_host_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", " , ")
    with pytest.raises(EnvError, match="ALLOWED_HOSTS is set but empty"):
        env_list("ALLOWED_HOSTS", ["127.0.0.1"])


def test_it_generates_and_keeps_a_secret_when_none_is_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env_secret("SECRET_KEY", fallback_file=tmp_path / "secret_key")
    assert len(first) >= 50
    assert env_secret("SECRET_KEY", fallback_file=tmp_path / "secret_key") == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_it_reads_a_secret_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "key").write_text("k" * 50 + "\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "key"))
    assert env_secret("SECRET_KEY", fallback_file=tmp_path / "unused") == "k" * 50


@pytest.mark.parametrize("length", [5, 32, 49])
def test_it_refuses_a_secret_shorter_than_check_deploy_wants(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, length: int
) -> None:
    monkeypatch.setenv("SECRET_KEY", secrets.token_hex(length)[:length])
    with pytest.raises(EnvError, match=f"SECRET_KEY is too short \\({length} characters\\): use at least 50"):
        env_secret("SECRET_KEY", fallback_file=tmp_path / "unused")


def test_it_takes_a_secret_of_50_characters(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key = secrets.token_hex(25)
    monkeypatch.setenv("SECRET_KEY", key)
    assert env_secret("SECRET_KEY", fallback_file=tmp_path / "unused") == key


def test_it_refuses_a_kept_secret_that_is_too_short(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    (tmp_path / "secret_key").write_text("k" * 32)
    with pytest.raises(EnvError, match="holds only 32 characters: delete the file"):
        env_secret("SECRET_KEY", fallback_file=tmp_path / "secret_key")
