"""Seed the Spravato REMS requirements (courses/seed.py) as catalog rows, version 12/31/2024."""

from django.db import migrations

from courses.seed import REMS_VERSION, seed_rems_requirements


def forwards(apps, schema_editor):
    seed_rems_requirements(apps.get_model("courses", "RemsRequirement"))


def backwards(apps, schema_editor):
    apps.get_model("courses", "RemsRequirement").objects.filter(rems_version=REMS_VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
