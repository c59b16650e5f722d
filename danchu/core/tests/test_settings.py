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


SECURITY_PROBE = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps({"hsts": s.SECURE_HSTS_SECONDS, "subdomains": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
                  "session_secure": s.SESSION_COOKIE_SECURE, "csrf_secure": s.CSRF_COOKIE_SECURE,
                  "redirect": s.SECURE_SSL_REDIRECT, "proxy_header": s.SECURE_PROXY_SSL_HEADER,
                  "proxies": s.DANCHU_TRUSTED_PROXIES, "ratelimit": s.CACHES["ratelimit"]["BACKEND"],
                  "token_days": s.DANCHU_API_TOKEN_DAYS, "axes_ip": s.AXES_CLIENT_IP_CALLABLE,
                  "backends": s.AUTHENTICATION_BACKENDS, "last_middleware": s.MIDDLEWARE[-1]}))
"""

_SECURITY_ENV = {"DANCHU_HTTPS", "DANCHU_TRUSTED_PROXIES", "SECURE_COOKIES", "SECURE_SSL_REDIRECT",
                 "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "DANCHU_API_TOKEN_DAYS"}


def _security(data_dir, **env):
    full = {k: v for k, v in os.environ.items()
            if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", *_SECURITY_ENV}}
    full.update({"DANCHU_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "danchu.config.settings.base", **env})
    out = subprocess.run([sys.executable, "-c", SECURITY_PROBE], env=full, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_demo_over_plain_http_sets_no_https_only_setting(tmp_path):
    got = _security(tmp_path)
    assert (got["hsts"], got["session_secure"], got["csrf_secure"], got["redirect"]) == (0, False, False, False)
    assert got["proxy_header"] is None and got["proxies"] == 0
    assert got["ratelimit"] == "danchu.core.ratelimit.CounterDatabaseCache"  # shared by workers, not LocMem
    assert got["token_days"] == 30
    assert got["backends"][0] == "danchu.accounts.backends.LockoutBackend"
    assert got["axes_ip"] == "danchu.core.clients.axes_client_ip"
    assert got["last_middleware"] == "axes.middleware.AxesMiddleware"


def test_https_behind_a_proxy_turns_on_hsts_secure_cookies_and_the_proxy_header(tmp_path):
    got = _security(tmp_path, DANCHU_HTTPS="1", DANCHU_TRUSTED_PROXIES="1", DANCHU_API_TOKEN_DAYS="7")
    assert got["hsts"] == 31536000 and got["subdomains"] is True
    assert got["session_secure"] is True and got["csrf_secure"] is True and got["redirect"] is True
    assert got["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert got["proxies"] == 1 and got["token_days"] == 7


def test_https_without_trusted_proxies_never_trusts_x_forwarded_proto(tmp_path):
    got = _security(tmp_path, DANCHU_HTTPS="1", SECURE_HSTS_SECONDS="600")
    assert got["hsts"] == 600 and got["session_secure"] is True
    assert got["proxy_header"] is None and got["redirect"] is False  # a redirect could loop without the header


def test_debug_keeps_https_settings_off(tmp_path):
    got = _security(tmp_path, DANCHU_HTTPS="1", DEBUG="true", DANCHU_TRUSTED_PROXIES="1")
    assert (got["hsts"], got["session_secure"], got["redirect"]) == (0, False, False)


def test_with_redis_the_limits_count_in_redis(tmp_path):
    assert _security(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3")["ratelimit"].endswith("RedisCache")


def test_the_test_settings_give_the_limits_their_own_alias():
    from django.conf import settings

    assert settings.DANCHU_RATELIMIT_CACHE in settings.CACHES
