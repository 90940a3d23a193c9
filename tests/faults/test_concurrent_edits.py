"""Two users save the same record at the same moment: one change is kept, the other gets 409.

The race is made certain, not hoped for: the test holds the record's row lock while both requests
arrive, waits until PostgreSQL shows both of them waiting for it, then lets go. A service that did
not lock and re-read the row before checking the revision would let both writes through.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from benefits import seed
from benefits.models import Coverage, PaCase, PaEvent, PaEventKind, Plan
from benefits.services import pa_case_checklist_mark, pa_case_create_from_evaluation, pa_case_transition
from benefits.transitions import PaStatus
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from eligibility.services import evaluation_create
from reassessment.demo import full_document
from reassessment.models import Reassessment
from reassessment.services import reassessment_create
from tests.factories import PatientFactory, UserFactory

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]
JSON = "application/json"
SideSql = Callable[..., list[tuple[Any, ...]]]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _race(side_sql: SideSql, locked: Model, requests: list[Callable[[], Any]]) -> list[Any]:
    """Send ``requests`` from their own threads while the test holds ``locked``'s row lock; let go
    once PostgreSQL shows every one of them waiting for it. Returns the responses in order."""
    responses: list[Any] = [None] * len(requests)

    def send(index: int) -> None:
        try:
            responses[index] = requests[index]()
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
    with transaction.atomic():
        type(locked).objects.select_for_update().get(pk=locked.pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        waiting = 0
        while waiting < len(requests):
            assert time.monotonic() < deadline, f"only {waiting} request(s) ever waited for the row lock"
            time.sleep(0.05)
            ((waiting,),) = side_sql(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
    for thread in threads:
        thread.join(timeout=30)
    return responses


def test_two_clinicians_saving_one_reassessment_at_once_one_wins_and_the_other_gets_409(
    side_sql: SideSql,
) -> None:
    first = UserFactory(username="race-clinician-1", role=Role.CLINICIAN)
    second = UserFactory(username="race-clinician-2", role=Role.CLINICIAN)
    patient = PatientFactory(date_of_birth=dt.date(1979, 4, 2))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    reassessment = reassessment_create(actor=first, patient=patient, document=document)
    revision = reassessment.revision
    url = f"/api/reassessments/{reassessment.id}/document/"

    def put(user: User, notes: str) -> Callable[[], Any]:
        changed = copy.deepcopy(reassessment.document)
        changed["logistics"]["notes"] = notes
        client = _client(user)
        return lambda: client.put(url, {"revision": revision, "document": changed}, content_type=JSON)

    responses = _race(side_sql, reassessment, [put(first, "first writer"), put(second, "second writer")])

    assert sorted(r.status_code for r in responses) == [200, 409]
    winner, loser = sorted(responses, key=lambda r: r.status_code)
    assert "saved by someone else" in loser.json()["detail"]
    stored = Reassessment.objects.get(pk=reassessment.pk)
    assert stored.revision == revision + 1
    assert stored.document["logistics"]["notes"] == winner.json()["document"]["logistics"]["notes"]
    updates = AuditEvent.objects.filter(object_id=str(reassessment.id), action="reassessment.updated")
    assert updates.count() == 1


def _ready_case(coordinator: User) -> PaCase:
    clinician = UserFactory(username="race-author", role=Role.CLINICIAN)
    patient = PatientFactory(date_of_birth=dt.date(1979, 4, 2))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    reassessment = reassessment_create(actor=clinician, patient=patient, document=document)
    evaluation = evaluation_create(actor=clinician, reassessment=reassessment)
    coverage = Coverage.objects.create(
        patient=patient,
        plan=Plan.objects.get(payer__name=seed.MA_WEST),
        member_id="RACE-1",
        valid_from=dt.date(2025, 1, 1),
    )
    case = pa_case_create_from_evaluation(
        actor=coordinator, evaluation=evaluation, treatment="tms", coverage=coverage
    )
    for item in case.checklist.filter(satisfied=False):
        pa_case_checklist_mark(actor=coordinator, case=case, code=item.code, satisfied=True, note="on file")
    case = PaCase.objects.get(pk=case.pk)
    return pa_case_transition(
        actor=coordinator, case=case, to=PaStatus.READY_TO_SUBMIT, revision=case.revision
    )


def test_two_coordinators_moving_one_pa_case_at_once_one_wins_and_the_other_gets_409(
    side_sql: SideSql,
) -> None:
    """Both read revision N of a ready case; one submits it, the other withdraws it."""
    first = UserFactory(username="race-coordinator-1", role=Role.CARE_COORDINATOR)
    second = UserFactory(username="race-coordinator-2", role=Role.CARE_COORDINATOR)
    case = _ready_case(first)
    revision = case.revision
    events_before = PaEvent.objects.filter(case=case, kind=PaEventKind.STATUS_CHANGED).count()
    url = f"/api/benefits/pa-cases/{case.id}/transition/"

    def move(user: User, to: PaStatus) -> Callable[[], Any]:
        client = _client(user)
        return lambda: client.post(url, {"to": to, "revision": revision}, content_type=JSON)

    responses = _race(side_sql, case, [move(first, PaStatus.SUBMITTED), move(second, PaStatus.WITHDRAWN)])

    assert sorted(r.status_code for r in responses) == [200, 409]
    winner, loser = sorted(responses, key=lambda r: r.status_code)
    stored = PaCase.objects.get(pk=case.pk)
    assert stored.status == winner.json()["status"] and stored.revision == revision + 1
    assert "changed by someone else" in loser.json()["detail"]
    assert loser.json()["status"] == stored.status  # the 409 says where the case is now
    assert loser.json()["allowed"] == winner.json()["allowed"]
    changes = PaEvent.objects.filter(case=case, kind=PaEventKind.STATUS_CHANGED).order_by("at", "id")
    assert changes.count() == events_before + 1
    last = changes.last()
    assert (last.from_status, last.to_status) == (PaStatus.READY_TO_SUBMIT, stored.status)
    moves = AuditEvent.objects.filter(object_id=str(case.id), action=f"pa_case.{stored.status}")
    assert moves.count() == 1


def test_two_coordinators_editing_one_patient_at_once_one_wins_and_the_other_gets_409(
    side_sql: SideSql,
) -> None:
    first = UserFactory(username="race-coordinator-1", role=Role.CARE_COORDINATOR)
    second = UserFactory(username="race-coordinator-2", role=Role.CARE_COORDINATOR)
    patient = PatientFactory(given_name="Before")
    url = f"/api/patients/{patient.id}/"

    def patch(user: User, name: str) -> Callable[[], Any]:
        client = _client(user)
        return lambda: client.patch(
            url, {"given_name": name, "revision": patient.revision}, content_type=JSON
        )

    responses = _race(side_sql, patient, [patch(first, "First"), patch(second, "Second")])

    assert sorted(r.status_code for r in responses) == [200, 409]
    winner, loser = sorted(responses, key=lambda r: r.status_code)
    assert "changed by someone else" in loser.json()["detail"]
    assert loser.json()["revision"] == patient.revision + 1
    patient.refresh_from_db()
    assert patient.given_name == winner.json()["given_name"]
    assert patient.revision == winner.json()["revision"] == 2
    assert AuditEvent.objects.filter(patient_id=patient.id, action="patient.updated").count() == 1
