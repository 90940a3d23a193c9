"""Two PostgreSQL roles: an owner that runs migrations, and the app's role that cannot rewrite the trail.

The owner (the `DATABASE_URL` that `migrate` connects with) owns every table, the audit trigger
and its function. The app (web, worker and beat connect with `DATABASE_APP_URL`'s role) owns
nothing: it reads and writes the app's tables, but on `audit_auditevent` it has SELECT and INSERT
only. So it cannot UPDATE, DELETE or TRUNCATE the trail (no privilege, and the trigger besides),
nor ALTER the table to disable the trigger, DROP the trigger, or replace the trigger function
(each needs ownership). tests/audit/test_append_only.py tries each of those as the app role.

`grant_app_role` runs after every `migrate` (a post_migrate receiver, elevium/audit/apps.py), so
the tables a later migration creates are granted as well. PostgreSQL only; a no-op elsewhere.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

AUDIT_TABLE = "audit_auditevent"


def app_role_credentials(url: str) -> tuple[str, str]:
    """The user and password of `DATABASE_APP_URL` (postgres://USER:PASSWORD@HOST:PORT/DB)."""
    split = urlsplit(url)
    user = unquote(split.username or "")
    if not user:
        raise ImproperlyConfigured(
            "DATABASE_APP_URL names no user: use postgres://USER:PASSWORD@HOST:PORT/DBNAME."
        )
    return user, unquote(split.password or "")


def grant_app_role(connection: Any, role: str, password: str = "") -> None:
    """Create the app role if it is missing (with `password`), and give it exactly its privileges.

    Idempotent. Run as the owner of the tables: it must be allowed to grant on them, and to create
    the role when it is missing (CREATEROLE; the postgres image's bootstrap user has it).
    """
    if connection.vendor != "postgresql":
        return
    name = connection.ops.quote_name(role)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s), "
            "(SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user)",
            [role],
        )
        owner, exists, may_create = cursor.fetchone()
        if role == owner:
            raise ImproperlyConfigured(
                "DATABASE_APP_URL names the same role as DATABASE_URL: the app needs a role of its "
                "own, which owns no table, so that it cannot alter the audit trail."
            )
        if not exists and not may_create:
            raise ImproperlyConfigured(
                f"The database role {role} (DATABASE_APP_URL) does not exist, and {owner} may not "
                f"create it: create it as a superuser (CREATE ROLE {role} LOGIN PASSWORD '...')."
            )
        if not exists:
            # Client-side parameter binding (Django's default with psycopg 3) quotes the literal.
            cursor.execute(f"CREATE ROLE {name} LOGIN PASSWORD %s", [password or None])
        database = connection.ops.quote_name(connection.settings_dict["NAME"])
        cursor.execute(f"GRANT CONNECT ON DATABASE {database} TO {name}")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {name}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}")
        # The trail: read and append, nothing else (UPDATE and DELETE came with the line above).
        cursor.execute(f"REVOKE ALL ON {AUDIT_TABLE} FROM {name}")
        cursor.execute(f"GRANT SELECT, INSERT ON {AUDIT_TABLE} TO {name}")


def grant_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """post_migrate: grant the app role (named by DATABASE_APP_URL) on what the migration created."""
    url = getattr(settings, "DATABASE_APP_URL", "")
    if not url:
        return
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    grant_app_role(connection, *app_role_credentials(url))
