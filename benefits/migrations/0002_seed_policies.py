"""Seed payers, plans and coverage policies (benefits/seed.py); the reverse deletes them by payer name."""

from django.db import migrations

from benefits.seed import seed_policies, unseed_policies


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_policies, unseed_policies, elidable=False),
    ]
