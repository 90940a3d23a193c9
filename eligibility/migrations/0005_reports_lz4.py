"""Store new evaluation reports and input snapshots compressed with lz4 instead of pglz.

Writing ~35 KB reports was over half a 10,000-row re-evaluation batch, most of it PostgreSQL
compressing them (docs/PERFORMANCE.md); lz4 compresses several times faster, and values read
back are the same. Existing rows keep their compression until rewritten. PostgreSQL only (14+,
built with lz4, as Debian's and the official images are); other databases are left as they are.
"""

from django.db import migrations

COLUMNS = ("report", "input_snapshot")


def _set(method: str):  # noqa: ANN202 - a migration callable
    def run(apps, schema_editor) -> None:  # noqa: ANN001
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name("eligibility_evaluation")
        for column in COLUMNS:
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN {schema_editor.quote_name(column)} SET COMPRESSION {method}"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0004_decision_carried_from")]

    operations = [migrations.RunPython(_set("lz4"), _set("pglz"))]
