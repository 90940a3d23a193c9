"""Records for generated API requests to land on, and a signed-in session per role.

Path parameters drawn at random never name a stored row, so the schemathesis run would only
ever see 404s. The seed gives every path parameter real ids, in the states where each state
change is possible (a draft, a complete and a signed reassessment; an open PA case and one
waiting on the payer), plus a patient of another clinic that must stay invisible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.crypto import get_random_string

from benefits import seed as payers
from benefits.models import Coverage, PaCase, Payer, Plan
from benefits.seed import seed_policies
from benefits.services import pa_case_checklist_mark, pa_case_create_from_evaluation, pa_case_transition
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from eligibility.models import Evaluation
from eligibility.services import evaluation_create
from reassessment.demo import full_document
from reassessment.models import Reassessment
from reassessment.services import reassessment_complete, reassessment_create, reassessment_sign
from tests.factories import ClinicFactory, PatientFactory, UserFactory
from treatments.models import Treatment
from treatments.seed import seed_catalog

DATE_OF_BIRTH = dt.date(1979, 4, 2)
MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"  # seed users only; real hashing costs ~0.25 s each


@dataclass(frozen=True)
class Seed:
    patient_id: str
    foreign_patient_id: str  # another clinic's patient: every role must get 404 for it
    draft_id: str
    complete_id: str
    signed_id: str
    evaluation_id: str
    coverage_id: str
    open_case_id: str  # documents_needed: its checklist can still change
    pending_case_id: str  # pending_payer: an approval can be recorded
    coordinator_id: int
    document: dict[str, Any]  # a valid reassessment document for the seeded patient
    revisions: dict[str, int] = field(default_factory=dict)  # id -> current revision
    open_items: tuple[str, ...] = ()  # unsatisfied checklist codes of the open case

    def value(self, token: str) -> Any:
        """The value a ``seed:<name>`` token stands for (tests/api/test_schemathesis.py)."""
        name = token.removeprefix("seed:")
        if name == "open_item":
            return self.open_items[0]
        return getattr(self, name)


def _document(assessed_on: dt.date) -> dict[str, Any]:
    return full_document(assessed_on=assessed_on, date_of_birth=DATE_OF_BIRTH)


def _seed() -> Seed:
    clinician = UserFactory(username="seed-clinician", role=Role.CLINICIAN)
    coordinator = UserFactory(username="seed-coordinator", role=Role.CARE_COORDINATOR)
    patient = PatientFactory(date_of_birth=DATE_OF_BIRTH)
    foreign = PatientFactory(date_of_birth=DATE_OF_BIRTH, clinic=ClinicFactory(code="elsewhere"))
    today = timezone.localdate()

    def started() -> Reassessment:
        return reassessment_create(actor=clinician, patient=patient, document=_document(today))

    draft = started()
    complete = started()
    complete = reassessment_complete(actor=clinician, reassessment=complete, revision=complete.revision)
    signed = started()
    signed = reassessment_complete(actor=clinician, reassessment=signed, revision=signed.revision)
    signed = reassessment_sign(actor=clinician, reassessment=signed, revision=signed.revision)
    evaluation: Evaluation = evaluation_create(actor=clinician, reassessment=signed)

    plan = Plan.objects.get(payer__name=payers.MA_WEST)
    coverage = Coverage.objects.create(
        patient=patient, plan=plan, member_id="M123", valid_from=dt.date(2025, 1, 1)
    )

    def case() -> PaCase:
        return pa_case_create_from_evaluation(
            actor=coordinator, evaluation=evaluation, treatment="tms", coverage=coverage
        )

    open_case = case()
    pending = case()
    for item in pending.checklist.filter(satisfied=False):
        pa_case_checklist_mark(
            actor=coordinator, case=pending, code=item.code, satisfied=True, note="on file"
        )
    for status in ("ready_to_submit", "submitted", "pending_payer"):
        pending.refresh_from_db()
        pending = pa_case_transition(actor=coordinator, case=pending, to=status, revision=pending.revision)
    open_case.refresh_from_db()
    assert open_case.status == "documents_needed" and pending.status == "pending_payer"

    return Seed(
        patient_id=str(patient.id),
        foreign_patient_id=str(foreign.id),
        draft_id=str(draft.id),
        complete_id=str(complete.id),
        signed_id=str(signed.id),
        evaluation_id=str(evaluation.id),
        coverage_id=str(coverage.id),
        open_case_id=str(open_case.id),
        pending_case_id=str(pending.id),
        coordinator_id=coordinator.pk,
        document=_document(today),
        revisions={
            str(draft.id): draft.revision,
            str(complete.id): complete.revision,
            str(signed.id): signed.revision,
            str(open_case.id): open_case.revision,
            str(pending.id): pending.revision,
        },
        open_items=tuple(open_case.checklist.filter(satisfied=False).values_list("code", flat=True)),
    )


@pytest.fixture(scope="module")
def api_seed(django_db_setup: None, django_db_blocker: Any) -> Iterator[Seed]:
    """The seed, built once per module inside a transaction that is rolled back at its end, as
    Django's TestCase.setUpTestData does: each test's own transaction nests inside it as a
    savepoint, so a test sees the seed and none of another test's writes."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[MD5]):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            if not Treatment.objects.exists():  # a transactional test elsewhere flushed them
                seed_catalog(apps)
            if not Payer.objects.exists():
                seed_policies(apps)
            yield _seed()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@dataclass(frozen=True)
class Session:
    """What a browser signed in as ``role`` sends: its session cookie, and the CSRF cookie and
    header that SessionAuthentication demands on every unsafe method."""

    role: Role
    user: User
    client: Client  # Django's test client, signed in the same way
    cookies: dict[str, str]
    headers: dict[str, str]


@pytest.fixture
def session_for(client_for: Callable[[Role], Client]) -> Callable[[Role], Session]:
    def make(role: Role) -> Session:
        # Through the shared fixture, so the session carries whatever a signed-in user of this
        # role needs (an administrator's second factor, for one).
        client = client_for(role)
        session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
        csrf = get_random_string(32)  # a CSRF secret: 32 letters and digits, as Django makes them
        return Session(
            role=role,
            user=User.objects.get(pk=client.session["_auth_user_id"]),
            client=client,
            cookies={settings.SESSION_COOKIE_NAME: session_id, settings.CSRF_COOKIE_NAME: csrf},
            headers={"X-CSRFToken": csrf},
        )

    return make


@contextmanager
def wsgi_requests_in_test_transaction() -> Iterator[None]:
    """Requests sent through the WSGI application run on this thread's connection, inside the
    test's transaction. Django closes a connection that is not in autocommit at the start and end
    of every request, which would abort that transaction; its own test client turns this off the
    same way around each request (and turns it back on after, so this wraps each request too)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
