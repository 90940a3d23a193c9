from __future__ import annotations

import pytest
from django.apps import apps

from treatments.seed import seed_catalog


@pytest.fixture(autouse=True)
def catalog(db: None) -> None:
    """The seeded catalog. Migration 0002 puts it in the test database, but a transactional
    test elsewhere in the run flushes every table; re-seeding absent treatments costs little."""
    seed_catalog(apps)
