from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.accounts.sign_in import SECOND_FACTOR_KEY

from .factories import PatientFactory, UserFactory
from .worker import celery_worker_process  # noqa: F401 - a fixture, shared by every test folder

# Playwright runs an event loop in the test thread; the ORM calls in browser tests are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True, scope="session")
def _tests_run_on_postgresql(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    """The suite's claims (audit trigger, real worker, query counts) are about PostgreSQL."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.exit(
                "the tests run on PostgreSQL: use `make test`, or set DATABASE_URL=postgres://... ",
                returncode=2,
            )


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """The seeded treatment catalog and payer policies, for every test that uses the database.

    Data migrations put them in the test database, but a transactional test (browser, worker)
    flushes every table when it ends; re-seeding what is absent costs two queries.
    """
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & {"db", "transactional_db"}:
        return
    transactional = (marker is not None and marker.kwargs.get("transaction")) or "transactional_db" in names
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps

    from benefits.models import Payer
    from benefits.seed import seed_policies
    from courses.models import RemsRequirement
    from courses.seed import seed_rems_requirements
    from treatments.models import Treatment
    from treatments.seed import seed_catalog

    if not Treatment.objects.exists():
        seed_catalog(apps)
    if not Payer.objects.exists():
        seed_policies(apps)
    if not RemsRequirement.objects.exists():
        seed_rems_requirements(RemsRequirement)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Real hashing costs ~0.25 s a user; what these tests check does not depend on its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user_with_role(db: None) -> Callable[[Role], User]:
    def make(role: Role) -> User:
        return UserFactory(username=f"test-{role.value}", role=role)

    return make


@pytest.fixture
def client_for(user_with_role: Callable[[Role], User]) -> Callable[[Role], Client]:
    """A test client signed in as a user of the given role."""

    def make(role: Role) -> Client:
        client = Client()
        client.force_login(user_with_role(role))
        if role == Role.ADMIN:
            # As if the administrator had passed the code step: SecondFactorMiddleware holds an
            # administrator's session without this mark (tests/accounts/test_two_step.py).
            session = client.session
            session[SECOND_FACTOR_KEY] = True
            session.save()
        return client

    return make


@pytest.fixture
def clinician(user_with_role: Callable[[Role], User]) -> User:
    return user_with_role(Role.CLINICIAN)


@pytest.fixture
def patient(db: None) -> object:
    return PatientFactory()


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_audit_truncate_trigger() -> Iterator[None]:
    """A transactional test (worker, browser) ends with Django's flush, one TRUNCATE of every table,
    which the audit trail's BEFORE TRUNCATE trigger refuses (audit migration 0003). The suite's
    role owns the tables (as the migrating owner does in production), so for that flush alone it
    disables the trigger, in the flush's own transaction. Only the test harness does this."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    flush = DatabaseOperations.execute_sql_flush
    trigger = "audit_auditevent_no_truncate"

    def execute_sql_flush(self: DatabaseOperations, sql_list: list[str]) -> None:
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {trigger}")
            flush(self, sql_list)
            cursor.execute(f"ALTER TABLE audit_auditevent ENABLE TRIGGER {trigger}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(autouse=True)
def attachments_dir(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every test writes PA checklist attachments to a fresh temporary folder, never var/."""
    folder = tmp_path_factory.mktemp("attachments")
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder
