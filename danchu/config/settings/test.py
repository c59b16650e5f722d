"""Fast settings for the test suite. DATABASE_URL picks the engine (SQLite by default)."""

import os

os.environ.setdefault("DANCHU_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "var", "test"))

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The limits' alias shares the default's memory (same LOCATION): a test's cache.clear() resets both.
# core/tests/test_ratelimit.py runs the limiter on the database cache and on Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
          "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEBUG = False
# The test database is created and dropped around the run: plain connections, no pool.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)  # noqa: F405
DANCHU_SMS_BACKEND = "none"
# The test client speaks plain HTTP whatever the environment says (DANCHU_HTTPS, proxies).
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
DANCHU_TRUSTED_PROXIES = 0
SECURE_PROXY_SSL_HEADER = None
