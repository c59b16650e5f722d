"""On PostgreSQL, trigram (pg_trgm) GIN indexes on the folded search columns, so that the
diacritic-insensitive `LIKE '%…%'` searches stay index-assisted at national size
(~100M residents). SQLite has no such index type; there the searches scan, which is fine
for one commune's embedded database. If the extension cannot be created (no privilege), the
migration says so and carries on: search still works, only slower.
"""

from django.db import migrations

from danchu.core.dbsupport import pg_extension

INDEXES = [
    ("units_unit_search_trgm", "units_unit"),
    ("units_organization_search_trgm", "units_organization"),
    ("units_resident_search_trgm", "units_resident"),
]


def forwards(apps, schema_editor):
    if not pg_extension(schema_editor, "pg_trgm"):
        return
    with schema_editor.connection.cursor() as cursor:
        for name, table in INDEXES:
            cursor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_name gin_trgm_ops)')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _table in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
