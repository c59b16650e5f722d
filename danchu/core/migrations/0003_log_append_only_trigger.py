"""On PostgreSQL, the transparency log's tables refuse UPDATE and DELETE: a trigger raises,
whoever the caller (the application, an admin in psql, a bug). TRUNCATE is left to the table
owner (Django's test flush and `danchu flush` of a demo database use it). Only the table owner can
switch it off (ALTER TABLE ... DISABLE TRIGGER), which production should not grant to the
application's role. `danchu verify-log` still catches what an owner does behind the log's back.
SQLite has no such guard; there verify-log is the only one.
"""

from django.db import migrations

from danchu.core.dbsupport import pg_append_only, pg_append_only_drop

TABLES = ("core_logentry", "core_logcheckpoint")
FUNCTION = "danchu_log_append_only"


def forwards(apps, schema_editor):
    pg_append_only(schema_editor, function=FUNCTION, tables=TABLES, what="the transparency log")


def backwards(apps, schema_editor):
    pg_append_only_drop(schema_editor, function=FUNCTION, tables=TABLES)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_transparency_log")]
    operations = [migrations.RunPython(forwards, backwards)]
