"""The web and worker processes take their start-up objects out of the cyclic collector's reach
(elevium/wsgi.py, elevium/celery.py), and a re-evaluation batch leaves that as it found it."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from eligibility.services import _gc_frozen

ROOT = Path(__file__).resolve().parent.parent


def test_the_wsgi_module_loads_the_urls_and_freezes_what_it_holds() -> None:
    probe = (
        "import gc, sys; import elevium.wsgi; "
        "print(gc.get_freeze_count() > 10_000, 'reassessment.views' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "elevium.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_a_celery_worker_process_freezes_on_start(restore_gc: None) -> None:
    from celery.signals import worker_process_init

    import elevium.celery  # noqa: F401  (connects the handler)

    assert gc.get_freeze_count() == 0
    worker_process_init.send(sender=None)
    assert gc.get_freeze_count() > 0


@pytest.fixture
def restore_gc() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.parametrize("frozen_before", [False, True])
def test_a_batch_leaves_the_process_frozen_as_it_found_it(restore_gc: None, frozen_before: bool) -> None:
    if frozen_before:
        gc.freeze()
    with _gc_frozen():
        assert gc.get_freeze_count() > 0
    assert (gc.get_freeze_count() > 0) is frozen_before
