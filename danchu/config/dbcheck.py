"""Exit 0 when the database at the given URL accepts a connection, 1 otherwise (used by `make test`)."""

import sys

import dj_database_url


def main(url: str) -> int:
    cfg = dj_database_url.parse(url)
    try:
        import psycopg

        conn = psycopg.connect(
            host=cfg["HOST"] or None,
            port=cfg["PORT"] or None,
            user=cfg["USER"] or None,
            password=cfg["PASSWORD"] or None,
            dbname=cfg["NAME"],
            connect_timeout=5,
        )
        conn.close()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        print(f"cannot connect: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
