"""Fast settings for the test suite. DATABASE_URL picks the engine (SQLite by default)."""

import os

os.environ.setdefault("DANCHU_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "var", "test"))

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEBUG = False
# The test database is created and dropped around the run: plain connections, no pool.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)  # noqa: F405
DANCHU_SMS_BACKEND = "none"
