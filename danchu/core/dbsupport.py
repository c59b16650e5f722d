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
