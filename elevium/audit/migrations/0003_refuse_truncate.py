"""On PostgreSQL the audit table refuses TRUNCATE too, for every role, its owner included.

The row trigger of 0002 cannot see a TRUNCATE (it deletes no rows one by one); a statement
trigger can. The app role has no TRUNCATE privilege either (elevium/audit/dbroles.py); this
stops the owner's own accident. SQLite has no TRUNCATE."""

from django.db import migrations

FORWARD = """
CREATE TRIGGER audit_auditevent_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_refuse_change();
"""

REVERSE = "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(forward, reverse)]
