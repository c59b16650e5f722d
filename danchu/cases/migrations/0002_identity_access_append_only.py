"""On PostgreSQL, the identity access log refuses UPDATE and DELETE (a trigger raises whoever the
caller), like the transparency log (core 0003): an officer who read a denouncer's identity cannot
erase the trace through the application, the admin or a bug. SQLite has no such guard; there the
application offers no way to change the rows (no service, read-only admin)."""

from django.db import migrations

from danchu.core.dbsupport import pg_append_only, pg_append_only_drop

TABLE = "cases_identityaccess"
FUNCTION = "danchu_identity_access_append_only"


def forwards(apps, schema_editor):
    pg_append_only(schema_editor, function=FUNCTION, tables=(TABLE,), what="the identity access log")


def backwards(apps, schema_editor):
    pg_append_only_drop(schema_editor, function=FUNCTION, tables=(TABLE,))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
