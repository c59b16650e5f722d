"""Settings come from the environment: a fresh data dir gets its own secret key and SQLite file in WAL mode."""

import json
import os
import subprocess
import sys

PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as c:
    c.execute("PRAGMA journal_mode")
    mode = c.fetchone()[0]
print(json.dumps({"key": settings.SECRET_KEY, "debug": settings.DEBUG, "db": str(settings.DATABASES["default"]["NAME"]),
                  "journal": mode, "cache": settings.CACHES["default"]["BACKEND"]}))
"""


def _probe(data_dir, **env):
    full = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}}
    full.update({"DANCHU_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "danchu.config.settings.base", **env})
    out = subprocess.run([sys.executable, "-c", PROBE], env=full, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_fresh_data_dir_gets_a_secret_key_sqlite_in_wal_and_debug_off(tmp_path):
    first = _probe(tmp_path)
    assert (tmp_path / "secret_key").read_text().strip() == first["key"]
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    assert first["debug"] is False
    assert first["db"] == str(tmp_path / "danchu.sqlite3")
    assert first["journal"] == "wal"
    assert first["cache"].endswith("LocMemCache")
    assert _probe(tmp_path)["key"] == first["key"]  # stable across restarts


def test_environment_overrides(tmp_path):
    got = _probe(tmp_path, SECRET_KEY="from-env", DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/0")
    assert got["key"] == "from-env"
    assert got["debug"] is True
    assert got["cache"].endswith("RedisCache")
    assert not (tmp_path / "secret_key").exists()
