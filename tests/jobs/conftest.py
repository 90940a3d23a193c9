from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from elevium.celery import app
from tests.worker import redis_server, start_worker  # noqa: F401 - fixtures

from .worker_tasks import create_effect_table, drop_effect_table


@pytest.fixture
def effect_table(db: None) -> Iterator[None]:
    """The demo task's effect table (plain SQL: it is no model of the project)."""
    create_effect_table()
    yield
    drop_effect_table()


@pytest.fixture
def use_broker(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Point this process's publishing (the outbox relay) at another broker, for this test only.

    The outbox opens a connection per relay from `app.conf`, but Celery builds its connection and
    producer pools once, from the broker URL of the moment (`send_task` with an eta touches them):
    the test gets fresh ones, and the tests after it get the originals back.
    """

    def use(url: str) -> None:
        monkeypatch.setitem(app.conf, "broker_url", url)
        monkeypatch.setattr(app, "_pool", None)
        monkeypatch.setattr(app.amqp, "_producer_pool", None)

    return use


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> float:
    """Poll until `condition()`; return the seconds it took, or fail after `seconds`."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.1)
    return time.monotonic() - start
