"""Helpers for migrations that do something extra on PostgreSQL only."""


def pg_extension(schema_editor, name: str) -> bool:
    """Create a PostgreSQL extension if it is missing; False (and a note) where it cannot be.

    A savepoint keeps the migration's transaction usable when the role may not create
    extensions: the caller then skips what needed it (e.g. trigram indexes — search still
    works, only slower).
    """
    if schema_editor.connection.vendor != "postgresql":
        return False
    with schema_editor.connection.cursor() as cursor:
        try:
            cursor.execute("SAVEPOINT danchu_ext")
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
            cursor.execute("RELEASE SAVEPOINT danchu_ext")
        except Exception as exc:  # noqa: BLE001 - report and let the caller skip
            cursor.execute("ROLLBACK TO SAVEPOINT danchu_ext")
            print(f"\n  PostgreSQL extension {name} unavailable ({exc}); what needs it is skipped")
            return False
    return True


def pg_append_only(schema_editor, *, function: str, tables: tuple[str, ...], what: str) -> None:
    """On PostgreSQL, a trigger on each table refuses UPDATE and DELETE, whoever the caller.

    TRUNCATE stays with the table owner (test flushes use it); only the owner can disable the
    trigger, which production should not grant to the application's role.
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n    RAISE EXCEPTION '{what} is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME\n"
            f"        USING ERRCODE = 'insufficient_privilege';\nEND;\n$$;"
        )
        for table in tables:
            cursor.execute(f"DROP TRIGGER IF EXISTS {function} ON {table}")
            cursor.execute(f"CREATE TRIGGER {function} BEFORE UPDATE OR DELETE ON {table} "
                           f"FOR EACH ROW EXECUTE FUNCTION {function}()")


def pg_append_only_drop(schema_editor, *, function: str, tables: tuple[str, ...]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TRIGGER IF EXISTS {function} ON {table}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")
