"""On PostgreSQL, trigram (pg_trgm) GIN indexes on the folded search columns of disclosures, so
that a diacritics-free search (`LIKE '%ke hoach%'` on `search_title` / `search_text`) is
index-assisted over a million disclosures. Partial, like the public lists: only what the public
can find. SQLite has no such index type. If the extension cannot be created (no privilege), the
migration says so and carries on: search still works, only slower.
"""

from django.db import migrations

from danchu.core.dbsupport import pg_extension

CONDITION = "organization_id IS NULL AND NOT (status = 'draft')"
INDEXES = [
    ("disclosure_search_title_trgm", "search_title"),
    ("disclosure_search_text_trgm", "search_text"),
]


def forwards(apps, schema_editor):
    if not pg_extension(schema_editor, "pg_trgm"):
        return
    with schema_editor.connection.cursor() as cursor:
        for name, column in INDEXES:
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON disclosures_disclosure "
                           f"USING gin ({column} gin_trgm_ops) WHERE {CONDITION}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _column in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0003_public_list_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
