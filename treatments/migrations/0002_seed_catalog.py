"""Seed the catalog from criteria.md; the reverse deletes the seeded treatments by slug."""

from django.db import migrations

from treatments.seed import seed_catalog, unseed_catalog


class Migration(migrations.Migration):
    dependencies = [
        ("treatments", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_catalog, unseed_catalog, elidable=False),
    ]
