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


def _secret_key() -> tuple[str, str]:
    """SECRET_KEY and where it came from: the environment, a file named by SECRET_KEY_FILE (a secrets
    manager's mount), else generated once into the data dir (never committed; the demo only —
    `danchu check --deploy` refuses it)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"], "environment"
    if os.environ.get("SECRET_KEY_FILE"):
        from django.core.exceptions import ImproperlyConfigured

        try:
            value = Path(os.environ["SECRET_KEY_FILE"]).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"Không đọc được SECRET_KEY_FILE ({exc.strerror}). "
                                       f"(Cannot read SECRET_KEY_FILE: {exc.strerror}.)") from exc
        if not value:
            raise ImproperlyConfigured("Tệp SECRET_KEY_FILE rỗng. (SECRET_KEY_FILE is empty.)")
        return value, "file"
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip(), "generated"


SECRET_KEY, SECRET_KEY_SOURCE = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

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
    "axes",
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
    "danchu.core.health.HealthMiddleware",  # /healthz, /readyz: before the host check and HTTPS redirect
    "danchu.core.request_log.RequestLogMiddleware",  # request id and one log line per request
    "danchu.core.middleware.HeadAsGetMiddleware",  # HEAD answered as GET without the body wherever GET is
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "danchu.core.middleware.InputGuardMiddleware",  # control characters, NaN, upload limits (core.inputs)
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
    # The last with a process_view: a write whose answer is a 5xx is rolled back (core.middleware).
    "danchu.core.middleware.AtomicWriteMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page (429)
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
    # The roll-up tables (reports.RollupDay, RollupMonth) carry PostgreSQL covering indexes (INCLUDE
    # value). SQLite has no INCLUDE: models.W040 says it builds those indexes on their key columns
    # alone (the sums only read one more page), models.W039 that RollupDay's unique constraint is not
    # created — harmless, since the roll-up refresh deletes a day range and inserts it again in one
    # transaction and never upserts into that table. Silenced for SQLite only; PostgreSQL builds both.
    SILENCED_SYSTEM_CHECKS = ["models.W039", "models.W040"]
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

# --- read replica and PgBouncer (config/routers.py; docs/deploy.md) ---------------------------------
# DATABASE_REPLICA_URL: a streaming replica for the public read path (public pages, /log/, the read-only
# API, dashboards); officers' pages and every write stay on the primary, a client that has just written
# reads the primary for DANCHU_REPLICA_PIN_SECONDS, a replica that does not answer is left alone for
# DANCHU_REPLICA_RETRY_SECONDS. DANCHU_PGBOUNCER=1: connections go through PgBouncer in transaction
# mode — no server-side cursors (one would outlive the transaction holding its server connection) and
# no pool of Django's own (PgBouncer is the pool).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DANCHU_REPLICA_PIN_SECONDS = int(os.environ.get("DANCHU_REPLICA_PIN_SECONDS", "15"))
DANCHU_REPLICA_RETRY_SECONDS = int(os.environ.get("DANCHU_REPLICA_RETRY_SECONDS", "10"))
DANCHU_PGBOUNCER = env_bool("DANCHU_PGBOUNCER", False)
if DATABASE_REPLICA_URL:
    # Behind PgBouncer a fresh client connection per request (cheap: no server process is started): a
    # replica that went down is then seen at once, where an idle client connection would wait
    # PgBouncer's query_wait_timeout.
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=0 if DANCHU_PGBOUNCER else 60,
                                                 conn_health_checks=True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["danchu.config.routers.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
                      "danchu.config.routers.ReplicaMiddleware")
if DANCHU_PGBOUNCER:
    for _db in DATABASES.values():
        if _db["ENGINE"].endswith("postgresql"):
            _db["DISABLE_SERVER_SIDE_CURSORS"] = True
            _db.get("OPTIONS", {}).pop("pool", None)
            _db["CONN_MAX_AGE"] = _db["CONN_MAX_AGE"] or (60 if _db is DATABASES["default"] else 0)

# --- cache ----------------------------------------------------------------------------------
# Rate limits (core.ratelimit) must be counted where every web process sees them: Redis when there
# is one, else a table of the database (created by `danchu migrate`) — never a process's memory,
# which would give each gunicorn worker its own count.
REDIS_URL = os.environ.get("REDIS_URL", "")
DANCHU_RATELIMIT_CACHE = "ratelimit"
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "ratelimit": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                      "KEY_PREFIX": "danchu"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # One row per client and window; expired rows are culled first when MAX_ENTRIES is reached.
        "ratelimit": {"BACKEND": "danchu.core.ratelimit.CounterDatabaseCache", "LOCATION": "danchu_ratelimit",
                      "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 10}},
    }
# (how many, per how many seconds): anonymous submissions per client and per unit (cases by web,
# API and Open311; dialogue questions), tracking-code lookups per client.
DANCHU_RATE_LIMITS = {
    "submission_client": (int(os.environ.get("DANCHU_SUBMISSIONS_PER_CLIENT_HOUR", "10")), 3600),
    "submission_unit": (int(os.environ.get("DANCHU_SUBMISSIONS_PER_UNIT_HOUR", "200")), 3600),
    "lookup_client": (int(os.environ.get("DANCHU_LOOKUPS_PER_CLIENT_10MIN", "20")), 600),
}

# --- background work (Django tasks framework backport, database backend) ---------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out sign-in before any password is checked (the sign-in
    # page, the API token and the Django admin's login all go through authenticate()).
    "danchu.accounts.backends.LockoutBackend",
    "danchu.accounts.backends.PhoneEmailUsernameBackend",
]
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
# Bearer tokens of the API expire this many days after they are issued (accounts.services).
DANCHU_API_TOKEN_DAYS = int(os.environ.get("DANCHU_API_TOKEN_DAYS", "30"))

# --- sign-in lockout (django-axes) ----------------------------------------------------------------
# The client is the address behind DANCHU_TRUSTED_PROXIES reverse proxies (core.clients); 0 = no
# proxy, X-Forwarded-For ignored. Wrong passwords are counted per account (whatever phone, e-mail or
# username was typed for it: AXES_USERNAME_CALLABLE) and per client across accounts, each with its own
# limit (accounts.backends.LockoutHandler): ten failures for one account lock that account — from every
# client, the proxy's address is never the key — and a client that tries many accounts is stopped at
# the looser per-client limit. A lock ends after the cool-off, or with `danchu axes_reset_username`.
DANCHU_TRUSTED_PROXIES = int(os.environ.get("DANCHU_TRUSTED_PROXIES", "0"))
LOGIN_MAX_FAILURES = int(os.environ.get("DANCHU_LOGIN_MAX_FAILURES", "10"))  # per account
LOGIN_CLIENT_MAX_FAILURES = int(os.environ.get("DANCHU_LOGIN_CLIENT_MAX_FAILURES", "50"))  # per client
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("DANCHU_LOGIN_LOCKOUT_SECONDS", "900"))
AXES_HANDLER = "danchu.accounts.backends.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = "danchu.accounts.backends.lockout_failure_limit"
AXES_COOLOFF_TIME = "danchu.accounts.backends.lockout_cool_off"
AXES_CLIENT_IP_CALLABLE = "danchu.core.clients.axes_client_ip"
AXES_USERNAME_CALLABLE = "danchu.accounts.backends.lockout_username"
AXES_LOCKOUT_CALLABLE = "danchu.accounts.views.locked_out"
# Failures while locked out do not extend the lock: it ends when the page says it does.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success does not wipe the client's failures: a client spraying accounts cannot reset its count by
# signing in to one it owns.
AXES_RESET_ON_SUCCESS = False
# Personal data minimal: no log of every successful sign-in; the attempts' stored form data never hold
# the typed identifier, the password, the one-time code or the CSRF token.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "identifier", "otp", "token", "csrfmiddlewaretoken"]

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
    # Hashed names (app.3f2a….css) served with a year-long immutable cache: `danchu serve` runs
    # collectstatic first. The tests keep the plain storage (settings/test.py).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files (case documents, disclosures' attachments, minutes, evidence): the local disk above by
# default; DANCHU_STORAGE=s3 keeps them in an S3-compatible bucket (a province's cloud — Viettel, VNPT,
# FPT — or MinIO) through django-storages. Private either way: no ACL is sent (the bucket's own policy,
# which must be private), never a public URL — every download goes through a view that checks who may
# open it and streams the bytes (cases/views.py, disclosures/views.py…); a signed URL, were one ever
# made, lasts five minutes. Names are never reused (file_overwrite off). `danchu backup` does not copy
# the bucket: its own versioning or replication does (docs/deploy.md).


def _value_or_file(value_env: str, file_env: str) -> str:
    """A secret from the environment, else from the file `file_env` names (a secrets manager's mount)."""
    if os.environ.get(value_env):
        return os.environ[value_env]
    if not os.environ.get(file_env):
        return ""
    from django.core.exceptions import ImproperlyConfigured

    try:
        return Path(os.environ[file_env]).read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"Không đọc được {file_env} ({exc.strerror}). "
                                   f"(Cannot read {file_env}: {exc.strerror}.)") from exc


DANCHU_STORAGE = os.environ.get("DANCHU_STORAGE", "").strip().lower() or "local"
DANCHU_S3_BUCKET = os.environ.get("DANCHU_S3_BUCKET", "").strip()
if DANCHU_STORAGE not in {"local", "s3"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"DANCHU_STORAGE={DANCHU_STORAGE!r}: chỉ nhận local hoặc s3. "
                               "(DANCHU_STORAGE must be local or s3.)")
if DANCHU_STORAGE == "s3":
    from botocore.config import Config as _S3Config

    _s3 = {
        "endpoint_url": os.environ.get("DANCHU_S3_ENDPOINT_URL", "").strip(),
        "region_name": os.environ.get("DANCHU_S3_REGION", "").strip(),
        # Unset: boto3's own chain (AWS_ACCESS_KEY_ID…, ~/.aws) finds the credentials.
        "access_key": os.environ.get("DANCHU_S3_ACCESS_KEY_ID", "").strip(),
        "secret_key": _value_or_file("DANCHU_S3_SECRET_ACCESS_KEY", "DANCHU_S3_SECRET_ACCESS_KEY_FILE"),
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        **{k: v for k, v in _s3.items() if v},
        "bucket_name": DANCHU_S3_BUCKET,
        "location": os.environ.get("DANCHU_S3_PREFIX", "").strip().strip("/"),
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        # Checksums only where S3 requires them: the trailing CRC headers boto3 sends by default are
        # refused by many S3-compatible stores. Path-style addressing for MinIO (DANCHU_S3_ADDRESSING_STYLE).
        "client_config": _S3Config(
            signature_version="s3v4", request_checksum_calculation="when_required",
            response_checksum_validation="when_required", connect_timeout=10, read_timeout=60,
            retries={"max_attempts": 3, "mode": "standard"},
            s3={"addressing_style": os.environ.get("DANCHU_S3_ADDRESSING_STYLE", "").strip() or "auto"}),
    }}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Uploads (household registers): a file bigger than this is refused with a clear message.
DANCHU_MAX_UPLOAD_BYTES = int(os.environ.get("DANCHU_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Limits applied while a request is read (core.uploads): all files of one request together, then the
# per-file limit (the larger of DANCHU_ATTACHMENT_MAX_BYTES and DANCHU_MAX_UPLOAD_BYTES) as each file
# streams in; above FILE_UPLOAD_MAX_MEMORY_SIZE a file goes to a temporary file, not to memory.
DANCHU_UPLOAD_MAX_REQUEST_BYTES = int(os.environ.get("DANCHU_UPLOAD_MAX_REQUEST_BYTES", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440  # 2.5 MB
DATA_UPLOAD_MAX_NUMBER_FILES = int(os.environ.get("DANCHU_UPLOAD_MAX_FILES", "20"))
FILE_UPLOAD_HANDLERS = [
    "danchu.core.uploads.QuotaUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- security headers -----------------------------------------------------------------------
# DANCHU_HTTPS=1 says the site is served over HTTPS (docs/deploy.md sets it): then, unless DEBUG is on,
# HSTS (RFC 6797) for a year by default with subdomains, cookies only over HTTPS and a redirect of
# plain-HTTP requests. Without it (`make demo` on http://127.0.0.1:8000) nothing here may stop the
# demo from working over plain HTTP. SECURE_PROXY_SSL_HEADER trusts X-Forwarded-Proto only when
# trusted proxies are configured (DANCHU_TRUSTED_PROXIES > 0): otherwise a client could send it.
DANCHU_HTTPS = env_bool("DANCHU_HTTPS", False)
_HTTPS = DANCHU_HTTPS and not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", _HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django redirects plain HTTP only where it can tell HTTPS from HTTP behind the proxy (else a loop);
# the proxy itself should redirect port 80 anyway.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS and DANCHU_TRUSTED_PROXIES > 0)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if _HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)  # a submission to browsers' lists: opt in
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if DANCHU_TRUSTED_PROXIES > 0 else None

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
# The development default prints one masked line per message (cases.notify.ConsoleEmailBackend): never
# an address or a body in the server's log. Production names an SMTP backend.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "danchu.cases.notify.ConsoleEmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "danchu@localhost")
# The SMTP relay, when EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = (Path(os.environ["EMAIL_HOST_PASSWORD_FILE"]).read_text().strip()
                       if os.environ.get("EMAIL_HOST_PASSWORD_FILE") else os.environ.get("EMAIL_HOST_PASSWORD", ""))
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)

# --- logs, health, metrics (core.request_log, core.health) -----------------------------------------
# One line per request on `danchu.request` (no personal data), the danchu loggers at INFO, JSON lines
# when DANCHU_LOG_JSON=1 (production), a readable line otherwise (the demo). Django's own request and
# development-server loggers print paths and query strings: only their errors are kept.
DANCHU_LOG_JSON = env_bool("DANCHU_LOG_JSON", False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "danchu.core.request_log.RequestIdFilter"}},
    "formatters": {
        "plain": {"()": "danchu.core.request_log.PlainFormatter"},
        "json": {"()": "danchu.core.request_log.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if DANCHU_LOG_JSON else "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "danchu": {"level": os.environ.get("DANCHU_LOG_LEVEL", "INFO")},
        "django_tasks": {"level": "INFO"},
        "django_tasks_db": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
    },
}
# Processes (`danchu serve`): gunicorn workers and threads; 0 workers = 1 on SQLite, else 2 × CPUs + 1
# (at most 8). More than one web process on SQLite is refused by `danchu check --deploy`.
DANCHU_WEB_WORKERS = int(os.environ.get("DANCHU_WEB_WORKERS", "0"))
# A task worker or scheduler older than this (seconds) is not alive for /readyz and check --deploy.
DANCHU_HEARTBEAT_MAX_AGE = int(os.environ.get("DANCHU_HEARTBEAT_MAX_AGE", "60"))
DANCHU_JOB_RUNS_KEEP_DAYS = int(os.environ.get("DANCHU_JOB_RUNS_KEEP_DAYS", "90"))
# /metrics (Prometheus text format): open to these client addresses or networks (e.g. "10.0.5.7,
# 127.0.0.1"), or to `Authorization: Bearer <DANCHU_METRICS_TOKEN>`; 404 to everyone else. Closed
# unless one of them is set.
DANCHU_METRICS_ALLOW = [a.strip() for a in os.environ.get("DANCHU_METRICS_ALLOW", "").split(",") if a.strip()]
DANCHU_METRICS_TOKEN = os.environ.get("DANCHU_METRICS_TOKEN", "")
# Errors to Sentry when SENTRY_DSN is set and sentry-sdk is installed (optional; no personal data sent).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ACTIVE = False
if SENTRY_DSN:
    from danchu.core.request_log import sentry_init  # noqa: E402

    SENTRY_ACTIVE = sentry_init(SENTRY_DSN)

SITE_TITLE = _("Dân chủ ở cơ sở")

# --- transparency log (core.transparency) and disclosures --------------------------------------
# Ed25519 key for the log's checkpoints, kept outside the database: base64 of the 32-byte seed
# in the environment, or in the file DANCHU_LOG_KEY_FILE names (a secrets manager's mount), else a
# file generated in the data dir on first use (never committed; the demo only — check --deploy
# refuses it). *_KEY_SOURCE says which.


def _key_source(value_env: str, file_env: str) -> str:
    if os.environ.get(value_env):
        return "environment"
    return "file" if os.environ.get(file_env) else "generated"


DANCHU_LOG_SIGNING_KEY = os.environ.get("DANCHU_LOG_SIGNING_KEY", "")
DANCHU_LOG_KEY_FILE = Path(os.environ.get("DANCHU_LOG_KEY_FILE", DATA_DIR / "log_signing_key"))
DANCHU_LOG_KEY_SOURCE = _key_source("DANCHU_LOG_SIGNING_KEY", "DANCHU_LOG_KEY_FILE")
DANCHU_LOG_CHECKPOINT_EVERY = int(os.environ.get("DANCHU_LOG_CHECKPOINT_EVERY", "100"))
DANCHU_LOG_CHECKPOINT_SECONDS = int(os.environ.get("DANCHU_LOG_CHECKPOINT_SECONDS", "3600"))
# Attachments of disclosures (PDF, DOCX, XLSX, images): size limit per file and per disclosure.
DANCHU_ATTACHMENT_MAX_BYTES = int(os.environ.get("DANCHU_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DANCHU_ATTACHMENTS_PER_DISCLOSURE = int(os.environ.get("DANCHU_ATTACHMENTS_PER_DISCLOSURE", "20"))

# Denouncer/filer identity encryption (cases/crypto.py): base64 of 32 bytes, or a file generated in
# the data directory on first use. Never stored in the database.
DANCHU_IDENTITY_KEY = os.environ.get("DANCHU_IDENTITY_KEY", "")
DANCHU_IDENTITY_KEY_FILE = Path(os.environ.get("DANCHU_IDENTITY_KEY_FILE", DATA_DIR / "identity_key"))
DANCHU_IDENTITY_KEY_SOURCE = _key_source("DANCHU_IDENTITY_KEY", "DANCHU_IDENTITY_KEY_FILE")
# Law 10/2022 Art. 36(2): the commune People's Inspection Board serves the village head's term, which
# provincial rules set (30 or 60 months).
DANCHU_VILLAGE_HEAD_TERM_MONTHS = int(os.environ.get("DANCHU_VILLAGE_HEAD_TERM_MONTHS", "60"))
# console (a masked line, development) | file (the gateway's outbox, 0600) | none: cases/notify.py
DANCHU_SMS_BACKEND = os.environ.get("DANCHU_SMS_BACKEND", "console")

# Steering Committee dashboards read the roll-up table (refreshed by `danchu rollup` / the task
# reports.tasks.rollup_refresh) instead of counting the raw records: on for national-size data.
DANCHU_REPORTS_ROLLUP = env_bool("DANCHU_REPORTS_ROLLUP", False)
