"""The transparency log's Merkle tree (RFC 9162): stored complete subtrees and signed tree heads.

Both tables are append-only on PostgreSQL like the entries (the trigger function of 0003). The
nodes of the entries already logged are built here from the entries (no key is needed for that);
the first tree head is signed by the next append, or by the `log_checkpoint` task for a quiet log.
Run `danchu verify-log` before migrating a log in production: the tree is built from the entries
as they are.
"""

from django.db import migrations, models

from danchu.core.dbsupport import pg_append_only

TABLES = ("core_logtreenode", "core_logtreehead")
FUNCTION = "danchu_log_append_only"  # created by 0003 (CREATE OR REPLACE: the same body)


def append_only(apps, schema_editor):
    pg_append_only(schema_editor, function=FUNCTION, tables=TABLES, what="the transparency log")


def append_only_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION} ON {table}")


def build_tree(apps, schema_editor):
    from danchu.core.transparency import tree_catch_up

    LogEntry = apps.get_model("core", "LogEntry")
    LogTreeNode = apps.get_model("core", "LogTreeNode")
    if LogEntry.objects.exists():
        tree_catch_up(entry_model=LogEntry, node_model=LogTreeNode)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_calendar_override"),
    ]

    operations = [
        migrations.CreateModel(
            name="LogTreeHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("tree_size", models.BigIntegerField(unique=True)),
                ("root_hash", models.CharField(max_length=64)),
                ("at", models.DateTimeField()),
                ("key_id", models.CharField(max_length=32)),
                ("signature", models.CharField(max_length=128)),
            ],
            options={
                "ordering": ["tree_size"],
                "constraints": [models.CheckConstraint(condition=models.Q(("tree_size__gte", 1)),
                                                       name="logtreehead_size_positive")],
            },
        ),
        migrations.CreateModel(
            name="LogTreeNode",
            fields=[
                ("pos", models.BigIntegerField(primary_key=True, serialize=False)),
                ("hash", models.BinaryField(max_length=32)),
            ],
            options={
                "ordering": ["pos"],
            },
        ),
        migrations.RunPython(append_only, append_only_drop),
        migrations.RunPython(build_tree, migrations.RunPython.noop),
    ]
