"""One re-evaluation at a time (each rewrites ~20 KB per reassessment): a second request is a 409
linking to the running one, even when two arrive together; the list names only colleagues."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from eligibility import services
from eligibility.models import BatchRun, BatchStatus
from eligibility.selectors import OTHER_CLINIC_REQUESTER
from tests.factories import ClinicFactory, UserFactory


@pytest.mark.django_db
def test_a_second_batch_is_refused_while_one_is_queued_or_running(user_with_role: Any) -> None:
    reviewer = user_with_role(Role.REVIEWER)
    first = services.batch_start(actor=reviewer)
    with pytest.raises(services.BatchAlreadyRunning) as refused:
        services.batch_start(actor=reviewer)
    assert refused.value.running == first
    BatchRun.objects.filter(id=first.id).update(status=BatchStatus.RUNNING)
    with pytest.raises(services.BatchAlreadyRunning):
        services.batch_start(actor=reviewer)
    assert BatchRun.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("finished", [BatchStatus.DONE, BatchStatus.FAILED])
def test_a_batch_may_start_once_the_last_one_finished(user_with_role: Any, finished: str) -> None:
    reviewer = user_with_role(Role.REVIEWER)
    first = services.batch_start(actor=reviewer)
    BatchRun.objects.filter(id=first.id).update(status=finished)
    second = services.batch_start(actor=reviewer)
    assert second.status == BatchStatus.QUEUED and second.id != first.id


@pytest.mark.django_db
def test_the_page_answers_409_with_a_link_to_the_running_batch(
    client_for: Callable[[Role], Client],
) -> None:
    client = client_for(Role.REVIEWER)
    started = client.post("/eligibility/batches/")
    assert started.status_code == 302
    running = BatchRun.objects.get()
    again = client.post("/eligibility/batches/")
    assert again.status_code == 409
    page = again.content.decode()
    assert f'href="/eligibility/batches/{running.id}/"' in page
    assert "already queued, and only one runs at a time" in page
    assert BatchRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_start_one_batch() -> None:
    """The first request's INSERT is held uncommitted while the second passes the service's check
    (it sees no committed batch); the unique index makes the second wait, then refuses it."""
    first_reviewer = UserFactory(username="rev-a", role=Role.REVIEWER)
    second_reviewer = UserFactory(username="rev-b", role=Role.REVIEWER)
    inserted, release = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                outcome["first"] = services.batch_start(actor=first_reviewer)
                inserted.set()
                release.wait(10)
        finally:
            connection.close()

    def second() -> None:
        try:
            services.batch_start(actor=second_reviewer)
            outcome["second"] = "started"
        except services.BatchAlreadyRunning as exc:
            outcome["second"] = exc.running
        finally:
            connection.close()

    a = threading.Thread(target=first)
    a.start()
    assert inserted.wait(10)
    b = threading.Thread(target=second)
    b.start()
    time.sleep(0.5)
    assert b.is_alive(), "the second request should wait on the first one's uncommitted row"
    release.set()
    a.join(10)
    b.join(10)
    assert outcome["second"] == outcome["first"]
    assert BatchRun.objects.count() == 1


@pytest.mark.django_db
def test_the_list_names_only_colleagues(client_for: Callable[[Role], Client], user_with_role: Any) -> None:
    viewer: User = user_with_role(Role.REVIEWER)  # the test clinic
    colleague = UserFactory(username="colleague-reviewer", role=Role.REVIEWER)
    stranger = UserFactory(
        username="stranger-reviewer", role=Role.REVIEWER, clinics=[ClinicFactory(code="elsewhere")]
    )
    for requester in (stranger, colleague, viewer):
        BatchRun.objects.create(requested_by=requester, status=BatchStatus.DONE)
    page = client_for(Role.REVIEWER).get("/eligibility/batches/").content.decode()
    assert "colleague-reviewer" in page and viewer.username in page
    assert "stranger-reviewer" not in page
    assert page.count(OTHER_CLINIC_REQUESTER) == 1
    admin_page = client_for(Role.ADMIN).get("/eligibility/batches/").content.decode()
    assert "stranger-reviewer" in admin_page and OTHER_CLINIC_REQUESTER not in admin_page
