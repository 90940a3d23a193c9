"""Migration 0002 seeds the catalog and its reverse deletes exactly the seeded treatments, run
with the historical models the migration itself sees."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from treatments.models import BillingCode, MonitoringRequirement, Protocol, RegulatoryStatus, Treatment

pytestmark = pytest.mark.django_db

SEED = ("treatments", "0002_seed_catalog")
MODELS = (Treatment, Protocol, RegulatoryStatus, MonitoringRequirement, BillingCode)


def _seed_operation() -> tuple[RunPython, object]:
    loader = MigrationLoader(connection)
    (operation,) = loader.get_migration(*SEED).operations
    assert isinstance(operation, RunPython)
    # The registry as of the seed migration: what `migrate` hands the functions.
    return operation, loader.project_state(SEED).apps


def _run(function: object, historical: object) -> None:
    with connection.schema_editor(atomic=False) as editor:
        function(historical, editor)  # type: ignore[operator]


def _counts() -> list[int]:
    return [model.objects.count() for model in MODELS]


def test_the_migration_is_applied_and_reversible() -> None:
    loader = MigrationLoader(connection)
    assert SEED in loader.applied_migrations
    operation, _ = _seed_operation()
    assert operation.reversible


def test_reversing_the_seed_deletes_every_seeded_row() -> None:
    operation, historical = _seed_operation()
    assert all(_counts())
    _run(operation.reverse_code, historical)
    assert _counts() == [0, 0, 0, 0, 0]


def test_seeding_after_a_reverse_restores_the_same_catalog() -> None:
    operation, historical = _seed_operation()
    seeded = _counts()
    codes = sorted(BillingCode.objects.values_list("code", flat=True))
    _run(operation.reverse_code, historical)
    _run(operation.code, historical)
    assert _counts() == seeded
    assert sorted(BillingCode.objects.values_list("code", flat=True)) == codes
    assert BillingCode.objects.get(code="J0013").replaces.code == "S0013"
