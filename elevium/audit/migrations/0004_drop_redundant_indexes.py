"""Drop the audit table's redundant indexes: every audited read pays for each index.

- ``action`` and ``request_id`` each had a ``varchar_pattern_ops`` copy (``*_like``), which
  only a prefix search (LIKE 'x%') uses; nothing searches them so;
- ``patient_id`` had an index of its own, which ``audit_patient_time`` (patient_id, occurred_at)
  already serves.

The plain ``action`` and ``request_id`` indexes are kept and renamed to the names the model now
declares, rather than dropped and rebuilt: the audit table is the largest, and building an index
would hold back every audited request meanwhile. Django's own operations, as the model state.
"""

from django.conf import settings
from django.db import migrations, models

TABLE = "audit_auditevent"
# The names 0001 gave them (Django derives them from the table and column, on every backend).
ACTION, REQUEST_ID, PATIENT_ID = (
    "audit_auditevent_action_2131bb77",
    "audit_auditevent_request_id_b6fdcfa6",
    "audit_auditevent_patient_id_82c45eaf",
)


def forwards(apps, schema_editor) -> None:  # noqa: ANN001
    run = schema_editor.execute
    for name in (f"{ACTION}_like", f"{REQUEST_ID}_like", PATIENT_ID):
        run(f'DROP INDEX IF EXISTS "{name}"')
    if schema_editor.connection.vendor == "postgresql":
        run(f'ALTER INDEX "{ACTION}" RENAME TO "audit_action"')
        run(f'ALTER INDEX "{REQUEST_ID}" RENAME TO "audit_request_id"')
    else:  # SQLite (the embedded setup) cannot rename an index; its tables are small
        run(f'DROP INDEX IF EXISTS "{ACTION}"')
        run(f'DROP INDEX IF EXISTS "{REQUEST_ID}"')
        run(f'CREATE INDEX "audit_action" ON "{TABLE}" ("action")')
        run(f'CREATE INDEX "audit_request_id" ON "{TABLE}" ("request_id")')


def backwards(apps, schema_editor) -> None:  # noqa: ANN001
    run = schema_editor.execute
    run(f'CREATE INDEX "{PATIENT_ID}" ON "{TABLE}" ("patient_id")')
    if schema_editor.connection.vendor == "postgresql":
        run(f'ALTER INDEX "audit_action" RENAME TO "{ACTION}"')
        run(f'ALTER INDEX "audit_request_id" RENAME TO "{REQUEST_ID}"')
        run(f'CREATE INDEX "{ACTION}_like" ON "{TABLE}" ("action" varchar_pattern_ops)')
        run(f'CREATE INDEX "{REQUEST_ID}_like" ON "{TABLE}" ("request_id" varchar_pattern_ops)')
    else:
        run('DROP INDEX "audit_action"')
        run('DROP INDEX "audit_request_id"')
        run(f'CREATE INDEX "{ACTION}" ON "{TABLE}" ("action")')
        run(f'CREATE INDEX "{REQUEST_ID}" ON "{TABLE}" ("request_id")')


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_refuse_truncate"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent", name="action", field=models.CharField(max_length=64)
                ),
                migrations.AlterField(
                    model_name="auditevent", name="patient_id", field=models.UUIDField(blank=True, null=True)
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="request_id",
                    field=models.CharField(blank=True, max_length=64),
                ),
                migrations.AddIndex(
                    model_name="auditevent", index=models.Index(fields=["action"], name="audit_action")
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["request_id"], name="audit_request_id"),
                ),
            ],
        )
    ]
