"""On PostgreSQL, the transparency log's tables refuse UPDATE and DELETE: a trigger raises,
whoever the caller (the application, an admin in psql, a bug). TRUNCATE is left to the table
owner (Django's test flush and `danchu flush` of a demo database use it). Only the table owner can
switch it off (ALTER TABLE ... DISABLE TRIGGER), which production should not grant to the
application's role. `danchu verify-log` still catches what an owner does behind the log's back.
SQLite has no such guard; there verify-log is the only one.
"""

from django.db import migrations

TABLES = ("core_logentry", "core_logcheckpoint")
FUNCTION = "danchu_log_append_only"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the transparency log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(CREATE_FUNCTION)
        for table in TABLES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION} ON {table}")
            cursor.execute(f"CREATE TRIGGER {FUNCTION} BEFORE UPDATE OR DELETE ON {table} "
                           f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION} ON {table}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_transparency_log")]
    operations = [migrations.RunPython(forwards, backwards)]
