"""Typed readers for settings that come from the environment (12-factor).

Each reader returns a safe local default when the variable is unset and raises
``EnvError`` naming the variable and the expected form when it is malformed, so
that start-up stops with one line saying what to fix instead of a traceback.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
# What `check --deploy` asks of SECRET_KEY (security.W009): 50 characters or more.
SECRET_MIN_LENGTH = 50
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ImproperlyConfigured):
    """A malformed environment variable; the message is the whole fix."""


def _raw(name: str) -> str | None:
    """The variable's value, or the contents of the file named by ``NAME_FILE`` (for secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text().strip()
        except OSError as exc:
            raise EnvError(f"{name}_FILE={file_path!r} cannot be read ({exc.strerror}).") from exc
    return os.environ.get(name)


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise EnvError(f"{name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise EnvError(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise EnvError(f"{name}={number} is below the minimum of {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise EnvError(f"{name} is set but empty: give a comma-separated list, e.g. 'example.org,127.0.0.1'.")
    return items


def env_secret(name: str, *, fallback_file: Path) -> str:
    """A secret from ``NAME`` or ``NAME_FILE``; unset, a random one kept in ``fallback_file``.

    The fallback is generated per installation, so a laptop needs no set-up and an
    accidentally deployed default is never a key that is printed in this repository.
    """
    value = _raw(name)
    if value is None:
        try:
            if not fallback_file.exists():
                fallback_file.parent.mkdir(parents=True, exist_ok=True)
                fallback_file.write_text(secrets.token_urlsafe(SECRET_MIN_LENGTH))  # 67 characters
                fallback_file.chmod(0o600)
            value = fallback_file.read_text().strip()
        except OSError as exc:
            raise EnvError(
                f"{name} is unset and {fallback_file} cannot be written ({exc.strerror})."
            ) from exc
        if len(value) < SECRET_MIN_LENGTH:
            raise EnvError(
                f"{name} is unset and {fallback_file} holds only {len(value)} characters: "
                f"delete the file to have a new key made, or set {name}."
            )
        return value
    if len(value) < SECRET_MIN_LENGTH:
        raise EnvError(
            f"{name} is too short ({len(value)} characters): "
            f"use at least {SECRET_MIN_LENGTH} random characters."
        )
    return value


_PG_SCHEMES = {"postgres", "postgresql", "pgsql"}


def parse_database_url(name: str, url: str) -> dict[str, Any]:
    """Django's DATABASES entry for ``postgres://user:pass@host:port/name`` or ``sqlite:///path``."""
    split = urlsplit(url)
    if split.scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute/path.db, as dj-database-url reads them.
        path = split.path[1:] if split.path.startswith("/") else split.path
        if not path:
            raise EnvError(f"{name}={url!r} names no SQLite file: use sqlite:///var/db.sqlite3.")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            # Several processes (web, worker, beat) share the file in the embedded setup.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    if split.scheme in _PG_SCHEMES:
        name_part = split.path.lstrip("/")
        if not split.hostname or not name_part:
            raise EnvError(
                f"{name} is not a usable PostgreSQL URL: use postgres://USER:PASSWORD@HOST:PORT/DBNAME."
            )
        try:
            port = split.port
        except ValueError:
            raise EnvError(f"{name} has a port that is not a number.") from None
        options = dict(parse_qsl(split.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(name_part),
            "USER": unquote(split.username or ""),
            "PASSWORD": unquote(split.password or ""),
            "HOST": split.hostname,
            "PORT": str(port or 5432),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    # The URL may carry a password: name the variable and the scheme only.
    raise EnvError(
        f"{name} has scheme {split.scheme or '(none)'!r}: use postgres://USER:PASSWORD@HOST:PORT/DBNAME "
        "or sqlite:///PATH."
    )


def check_redis_url(name: str, url: str) -> str:
    split = urlsplit(url)
    if split.scheme not in {"redis", "rediss"} or not split.hostname:
        raise EnvError(f"{name} is not a Redis URL: use redis://HOST:PORT/DB, e.g. redis://127.0.0.1:6379/0.")
    try:
        split.port  # noqa: B018 - urlsplit raises on a non-numeric port only when asked
    except ValueError:
        raise EnvError(f"{name} has a port that is not a number.") from None
    return url
