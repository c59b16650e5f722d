"""On PostgreSQL, the identity access log refuses UPDATE and DELETE (a trigger raises whoever the
caller), like the transparency log (core 0003): an officer who read a denouncer's identity cannot
erase the trace through the application, the admin or a bug. SQLite has no such guard; there the
application offers no way to change the rows (no service, read-only admin)."""

from django.db import migrations

TABLE = "cases_identityaccess"
FUNCTION = "danchu_identity_access_append_only"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the identity access log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(CREATE_FUNCTION)
        cursor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION} ON {TABLE}")
        cursor.execute(f"CREATE TRIGGER {FUNCTION} BEFORE UPDATE OR DELETE ON {TABLE} "
                       f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION} ON {TABLE}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
