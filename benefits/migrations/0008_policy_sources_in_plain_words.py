"""Staff read each policy's source under every checklist row: developer notes in it ("minimum age
not encoded (≥ 15 vs ≥ 18 conflict, §3.7)", "figures not re-read") become plain English (issue 12).
The stored sources of the policies and of the checklist rows copied from them are rewritten, the
exact old fragment only; the reverse restores it. The pairs are frozen here, not read from seed.py."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Replace

REWORDINGS = (
    (
        "minimum age not encoded (≥ 15 vs ≥ 18 conflict, §3.7)",
        "the minimum age is left to the clinician: the policy's sources give 15 and 18 years",
    ),
    ("pre-service (figures not re-read)", "pre-service (to be confirmed with the plan)"),
)


def _rewrite(apps, pairs):
    for model in ("CoveragePolicy", "PaChecklistItem"):
        rows = apps.get_model("benefits", model).objects
        for old, new in pairs:
            rows.filter(source__contains=old).update(source=Replace(F("source"), Value(old), Value(new)))


def forwards(apps, schema_editor):
    _rewrite(apps, REWORDINGS)


def backwards(apps, schema_editor):
    _rewrite(apps, [(new, old) for old, new in REWORDINGS])


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0007_checklist_item_satisfied_by_letter"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
