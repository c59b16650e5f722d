"""Settings, all from the environment (12-factor). Nothing exists only in production."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent  # .../danchu
REPO_DIR = PACKAGE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("DANCHU_DATA_DIR", REPO_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else generated once into the data dir (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "danchu.core",
    "danchu.units",
    "danchu.accounts",
    "danchu.disclosures",
    "danchu.decisions",
    "danchu.cases",
    "danchu.dialogues",
    "danchu.oversight",
    "danchu.consultations",
    "danchu.movements",
    "danchu.reports",  # above the area apps: reads their indicators (core.indicators)
    "danchu.ops",  # seed and bench: above every app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danchu.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "danchu.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "danchu.core.middleware.AccessErrorMiddleware",
]

ROOT_URLCONF = "danchu.config.urls"
WSGI_APPLICATION = "danchu.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'danchu.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the page readers and the task worker share the file; IMMEDIATE avoids
    # "database is locked" on write upgrades inside transactions.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A connection pool per process (Django's psycopg pool): a burst — 200 phones submitting at
    # once — waits a moment for one of DANCHU_DB_POOL_MAX connections instead of exhausting the
    # server's max_connections. 0 turns it off (e.g. behind PgBouncer in transaction mode).
    DB_POOL_MAX = int(os.environ.get("DANCHU_DB_POOL_MAX", "10"))
    if DB_POOL_MAX > 0:
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1, "max_size": DB_POOL_MAX, "timeout": float(os.environ.get("DANCHU_DB_POOL_TIMEOUT", "30")),
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache ----------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- background work (Django tasks framework backport, database backend) ---------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["danchu.accounts.backends.PhoneEmailUsernameBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:workspace"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Officials (every role but citizen and household representative) must sign in with a
# second factor (TOTP app) when this is on; production turns it on, the demo leaves it off.
DANCHU_REQUIRE_2FA = env_bool("DANCHU_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "danchu"
# Failed logins per identifier and per client address before a pause (accounts.services).
LOGIN_MAX_FAILURES = int(os.environ.get("DANCHU_LOGIN_MAX_FAILURES", "10"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("DANCHU_LOGIN_LOCKOUT_SECONDS", "900"))

# --- i18n: Vietnamese first, English second --------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- static and uploads -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on a missing directory
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Uploads (household registers): a file bigger than this is refused with a clear message.
DANCHU_MAX_UPLOAD_BYTES = int(os.environ.get("DANCHU_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- security headers -----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None

# Strict CSP: no inline scripts, no eval, nothing from a CDN.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# --- e-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "danchu@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

SITE_TITLE = _("Dân chủ ở cơ sở")

# --- transparency log (core.transparency) and disclosures --------------------------------------
# Ed25519 key for the log's checkpoints, kept outside the database: base64 of the 32-byte seed
# in the environment, else a file generated in the data dir on first use (never committed).
DANCHU_LOG_SIGNING_KEY = os.environ.get("DANCHU_LOG_SIGNING_KEY", "")
DANCHU_LOG_KEY_FILE = Path(os.environ.get("DANCHU_LOG_KEY_FILE", DATA_DIR / "log_signing_key"))
DANCHU_LOG_CHECKPOINT_EVERY = int(os.environ.get("DANCHU_LOG_CHECKPOINT_EVERY", "100"))
DANCHU_LOG_CHECKPOINT_SECONDS = int(os.environ.get("DANCHU_LOG_CHECKPOINT_SECONDS", "3600"))
# Attachments of disclosures (PDF, DOCX, XLSX, images): size limit per file and per disclosure.
DANCHU_ATTACHMENT_MAX_BYTES = int(os.environ.get("DANCHU_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DANCHU_ATTACHMENTS_PER_DISCLOSURE = int(os.environ.get("DANCHU_ATTACHMENTS_PER_DISCLOSURE", "20"))

# Denouncer/filer identity encryption (cases/crypto.py): base64 of 32 bytes, or a file generated in
# the data directory on first use. Never stored in the database.
DANCHU_IDENTITY_KEY = os.environ.get("DANCHU_IDENTITY_KEY", "")
DANCHU_IDENTITY_KEY_FILE = Path(os.environ.get("DANCHU_IDENTITY_KEY_FILE", DATA_DIR / "identity_key"))
# Law 10/2022 Art. 36(2): the commune People's Inspection Board serves the village head's term, which
# provincial rules set (30 or 60 months).
DANCHU_VILLAGE_HEAD_TERM_MONTHS = int(os.environ.get("DANCHU_VILLAGE_HEAD_TERM_MONTHS", "60"))
DANCHU_SMS_BACKEND = os.environ.get("DANCHU_SMS_BACKEND", "console")  # console | file | none

# Steering Committee dashboards read the roll-up table (refreshed by `danchu rollup` / the task
# reports.tasks.rollup_refresh) instead of counting the raw records: on for national-size data.
DANCHU_REPORTS_ROLLUP = env_bool("DANCHU_REPORTS_ROLLUP", False)
