"""Policy sources are shown to staff under every checklist row: plain English, no developer notes
(issue 12); migration 0008 rewrites stored sources and its reverse restores them."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from benefits import seed
from benefits.models import CoveragePolicy

pytestmark = pytest.mark.django_db

migration = importlib.import_module("benefits.migrations.0008_policy_sources_in_plain_words")
OLD = "minimum age not encoded (≥ 15 vs ≥ 18 conflict, §3.7)"
NEW = "the minimum age is left to the clinician: the policy's sources give 15 and 18 years"
JARGON = ("encoded", "conflict", "re-read", "_required", "min_", "phq9")


@pytest.mark.parametrize("word", JARGON)
def test_the_seeded_sources_carry_no_developer_wording(word: str) -> None:
    sources = [p["source"] for _kind, _plans, policies in seed.SEED.values() for p in policies]
    assert sources and not [s for s in sources if word in s]


def test_the_migration_rewrites_stored_sources_and_its_reverse_restores_them() -> None:
    policy = CoveragePolicy.objects.filter(source__contains=NEW).first()
    assert policy is not None  # the seeded Aetna-style policy, already in the new words
    before = policy.source
    CoveragePolicy.objects.filter(pk=policy.pk).update(source=before.replace(NEW, OLD))
    migration.forwards(apps, None)
    policy.refresh_from_db()
    assert policy.source == before
    migration.backwards(apps, None)
    policy.refresh_from_db()
    assert OLD in policy.source and NEW not in policy.source
    migration.forwards(apps, None)
