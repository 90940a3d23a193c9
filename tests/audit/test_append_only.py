"""The database itself keeps the audit trail append-only: triggers, and the app's own role.

The suite connects as the tables' owner (as `migrate` does). The app-role tests connect a second
time, as the real PostgreSQL role the app runs as (`elevium_app`, which bin/local-services and
docker-compose create), after granting it exactly what `migrate` grants (elevium/audit/dbroles.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from elevium.audit.dbroles import app_role_credentials, grant_app_role
from elevium.audit.models import AuditEvent
from elevium.audit.services import audit_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event() -> AuditEvent:
    return audit_record(actor=UserFactory(username="a"), action="patient.viewed")


def test_the_orm_cannot_update_an_event(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only: UPDATE refused"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="patient.forgotten")
    event.refresh_from_db()
    assert event.action == "patient.viewed"


def test_the_orm_cannot_delete_an_event(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only: DELETE refused"), transaction.atomic():
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_cannot_rewrite_the_trail(event: AuditEvent) -> None:
    for statement in ("UPDATE audit_auditevent SET actor_role = 'admin'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.count() == 1


def test_new_events_can_still_be_appended(event: AuditEvent) -> None:
    audit_record(actor=None, action="system.checked")
    assert AuditEvent.objects.count() == 2


def test_an_event_carries_the_request_id_of_the_request_that_caused_it(client, patient) -> None:  # noqa: ANN001
    client.force_login(UserFactory(username="c"))
    response = client.get(f"/patients/{patient.id}/", HTTP_X_REQUEST_ID="req-0123456789abcdef")
    assert response["X-Request-ID"] == "req-0123456789abcdef"
    event = AuditEvent.objects.get(action="patient.viewed")
    assert event.request_id == "req-0123456789abcdef"
    assert (event.actor_role, event.object_type, event.object_id) == (
        "clinician",
        "patients.patient",
        str(patient.id),
    )


@pytest.mark.django_db(transaction=True)  # committed first: TRUNCATE refuses pending FK checks itself
def test_not_even_the_owner_can_truncate_the_trail(event: AuditEvent) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# --- As the app's own role ---------------------------------------------------------------------

APP_ROLE_URL = os.environ.get("DATABASE_APP_URL") or "postgres://elevium_app:elevium_app@localhost/elevium"


@pytest.fixture
def app_role() -> Iterator[psycopg.Connection[Any]]:
    """A connection to the test database as the app role, granted as `migrate` grants it."""
    user, password = app_role_credentials(APP_ROLE_URL)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [user])
        if cursor.fetchone() is None:
            pytest.fail(f"the PostgreSQL role {user} is missing: run bin/local-services as root")
    grant_app_role(connection, user, password)
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], dbname=db["NAME"], user=user, password=password, autocommit=True
    ) as app:
        yield app


REFUSED_AS_APP = {
    "UPDATE": "UPDATE audit_auditevent SET action = 'patient.forgotten'",
    "DELETE": "DELETE FROM audit_auditevent",
    "TRUNCATE": "TRUNCATE audit_auditevent",
    "DISABLE TRIGGER": "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only",
    "DISABLE ALL TRIGGERS": "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER": "DROP TRIGGER audit_auditevent_append_only ON audit_auditevent",
    "DROP TRUNCATE TRIGGER": "DROP TRIGGER audit_auditevent_no_truncate ON audit_auditevent",
    "REPLACE FUNCTION": (
        "CREATE OR REPLACE FUNCTION audit_auditevent_refuse_change() RETURNS trigger AS $$ "
        "BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql"
    ),
    "DROP TABLE": "DROP TABLE audit_auditevent",
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("statement", REFUSED_AS_APP.values(), ids=REFUSED_AS_APP.keys())
def test_the_app_role_cannot_rewrite_or_unguard_the_trail(
    statement: str, app_role: psycopg.Connection[Any]
) -> None:
    event = audit_record(actor=None, action="system.checked")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app_role.execute(statement)
    assert [(e.pk, e.action) for e in AuditEvent.objects.all()] == [(event.pk, "system.checked")]
    with connection.cursor() as cursor:  # both triggers still there and enabled
        cursor.execute(
            "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass "
            "AND NOT tgisinternal ORDER BY tgname"
        )
        assert cursor.fetchall() == [
            ("audit_auditevent_append_only", "O"),
            ("audit_auditevent_no_truncate", "O"),
        ]


@pytest.mark.django_db(transaction=True)
def test_the_app_role_reads_and_appends_to_the_trail_and_writes_the_app_tables(
    app_role: psycopg.Connection[Any],
) -> None:
    user = UserFactory(username="owner-made")
    audit_record(actor=user, action="system.checked")
    assert app_role.execute("SELECT count(*) FROM audit_auditevent").fetchone() == (1,)
    app_role.execute(
        "INSERT INTO audit_auditevent (occurred_at, actor_role, action, object_type, object_id, "
        "request_id, data) VALUES (now(), '', 'system.appended', '', '', '', '{}')"
    )
    assert AuditEvent.objects.filter(action="system.appended").count() == 1
    # Everything else is the app's to change, as it needs to.
    app_role.execute("UPDATE accounts_user SET first_name = 'Changed' WHERE id = %s", [user.pk])
    user.refresh_from_db()
    assert user.first_name == "Changed"
    # A GRANT by a role without the grant option is not an error in PostgreSQL, only a warning.
    app_role.execute("GRANT UPDATE, DELETE, TRUNCATE ON audit_auditevent TO CURRENT_USER")
    may = app_role.execute(
        "SELECT has_table_privilege('audit_auditevent', 'UPDATE'), "
        "has_table_privilege('audit_auditevent', 'DELETE'), "
        "has_table_privilege('audit_auditevent', 'TRUNCATE')"
    ).fetchone()
    assert may == (False, False, False)
    owns = app_role.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"
    ).fetchone()
    assert owns == (0,)


class _RollBack(Exception):
    pass


@pytest.mark.parametrize(
    "statement",
    [REFUSED_AS_APP[k] for k in ("DISABLE TRIGGER", "DROP TRIGGER", "REPLACE FUNCTION")],
    ids=["DISABLE TRIGGER", "DROP TRIGGER", "REPLACE FUNCTION"],
)
def test_the_owner_could_unguard_the_trail_which_is_why_the_app_does_not_run_as_the_owner(
    statement: str,
) -> None:
    """The control for the app-role tests: the same statements succeed as the tables' owner."""
    with pytest.raises(_RollBack), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
        raise _RollBack


@pytest.mark.django_db(transaction=True)
def test_migrate_grants_the_app_role_named_by_database_app_url(settings: Any) -> None:
    from django.core.management import call_command

    user, _ = app_role_credentials(APP_ROLE_URL)
    with connection.cursor() as cursor:
        cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {connection.ops.quote_name(user)}")
    settings.DATABASE_APP_URL = APP_ROLE_URL
    call_command("migrate", verbosity=0)  # nothing to apply; post_migrate still grants

    def may(table: str, privilege: str) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [user, table, privilege])
            return bool(cursor.fetchone()[0])

    assert [may("audit_auditevent", p) for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")] == [
        True,
        True,
        False,
        False,
        False,
    ]
    assert all(may("patients_patient", p) for p in ("SELECT", "INSERT", "UPDATE", "DELETE"))
    assert not may("patients_patient", "TRUNCATE")
