"""SIGAP settings: one file, driven by the environment (see docs/settings.md).

Development needs no variables at all; production differs only by environment variables.
"""

import ipaddress
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sigap.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("SIGAP_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("SIGAP_DEBUG", False)
_INSECURE_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"
SECRET_KEY = env_str("SIGAP_SECRET_KEY", _INSECURE_KEY)
PRODUCTION = env_bool("SIGAP_PRODUCTION", False)
if PRODUCTION and SECRET_KEY == _INSECURE_KEY:
    raise ImproperlyConfigured("SIGAP_SECRET_KEY must be set when SIGAP_PRODUCTION is true")

ALLOWED_HOSTS = env_list("SIGAP_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("SIGAP_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "sigap",
    "sigap.tasks",
    "sigap.regions",
    "sigap.people",
    "sigap.notifications",
    "sigap.programme",
    "sigap.cases",
    "sigap.jobcheck",
    "sigap.alerts",
    "sigap.dashboards",
    "sigap.refugees",
    "sigap.channels",
    "sigap.simulator",
    "sigap.api",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
]

MIDDLEWARE = [
    "sigap.middleware.BodyLimitMiddleware",  # first: nothing reads a body over its limit
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "sigap.people.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sigap.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "sigap.urls"
WSGI_APPLICATION = "sigap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sigap.context_processors.shell",
            ],
        },
    },
]

if not env_str("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sigap.sqlite3'}"),
        conn_max_age=env_int("SIGAP_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; busy timeout waits instead of failing.
    # IMMEDIATE: a transaction takes the write lock when it begins, so two writers queue on
    # the busy timeout instead of one failing with "database is locked" when it upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "people:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in protection: after this many failures within the window, the account is locked.
SIGAP_LOGIN_MAX_FAILURES = env_int("SIGAP_LOGIN_MAX_FAILURES", 5)
SIGAP_LOGIN_LOCK_MINUTES = env_int("SIGAP_LOGIN_LOCK_MINUTES", 15)

# Failures from one address, over any accounts, before it is refused for the lock time.
SIGAP_LOGIN_ADDRESS_MAX_FAILURES = env_int("SIGAP_LOGIN_ADDRESS_MAX_FAILURES", 10)
# Proxies (addresses or networks) whose X-Forwarded-For names the client; empty: none.
SIGAP_TRUSTED_PROXIES = env_list("SIGAP_TRUSTED_PROXIES", [])
for _proxy in SIGAP_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"SIGAP_TRUSTED_PROXIES: {_proxy!r} is not an address")

# Keys of the receipt-code and identifier hashes (sigap.cases.hashing), newest first; empty: the
# secret key alone, as before this setting existed.
SIGAP_HASH_KEYS = env_list("SIGAP_HASH_KEYS", [])

# Key(s) for encrypting personal data at rest (sigap.lib.crypto): comma-separated, newest first.
SIGAP_DATA_KEYS = env_list("SIGAP_DATA_KEYS", [])
if PRODUCTION and not SIGAP_DATA_KEYS:
    raise ImproperlyConfigured("SIGAP_DATA_KEYS must be set when SIGAP_PRODUCTION is true")

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("SIGAP_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("SIGAP_STATIC_ROOT", str(VAR_DIR / "static")))
if not PRODUCTION:
    # WhiteNoise expects the folder; in development files come from the apps' static folders.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("SIGAP_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_HOST = env_str("SIGAP_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("SIGAP_EMAIL_PORT", 1025)
EMAIL_HOST_USER = env_str("SIGAP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("SIGAP_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SIGAP_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("SIGAP_EMAIL_FROM", "SIGAP <noreply@sigap.invalid>")
# Published statistics show any count below this as "<k" (CTDC uses 11).
SIGAP_SMALL_CELL_K = env_int("SIGAP_SMALL_CELL_K", 11)
# Days after a "not trafficking" decision until a report (in no case) is erased of what
# identifies anyone (manage.py erase_expired_reports).
SIGAP_REPORT_RETENTION_DAYS = env_int("SIGAP_REPORT_RETENTION_DAYS", 365)
# Anonymous Cek Lowongan API checks allowed per client address per 10 minutes.
SIGAP_SCREENING_API_LIMIT = env_int("SIGAP_SCREENING_API_LIMIT", 60)
# The public pages' rate limits, each overriding sigap.cases.ratelimit.LIMITS:
# "report=1000/60,receipt=1000/60" (requests per window in seconds), e.g. for a load test.
SIGAP_RATE_LIMITS = {
    name.strip(): [int(number) for number in value.split("/")]
    for name, _sep, value in (item.partition("=") for item in env_list("SIGAP_RATE_LIMITS"))
}
SIGAP_BASE_URL = env_str("SIGAP_BASE_URL", "http://127.0.0.1:8000")
# The demo's fake provider (sigap/simulator, docs/channels.md): on, every channel's secrets and
# API addresses default to the simulator's on this same server (/kanal/simulator/api/...) and
# its chat page is served; off, every simulator address is a 404. Never in production.
SIGAP_CHANNEL_SIMULATOR = env_bool("SIGAP_CHANNEL_SIMULATOR", False)
if PRODUCTION and SIGAP_CHANNEL_SIMULATOR:
    raise ImproperlyConfigured("SIGAP_CHANNEL_SIMULATOR must be off when SIGAP_PRODUCTION is true")
_SIM = SIGAP_CHANNEL_SIMULATOR
_SIM_API = SIGAP_BASE_URL.rstrip("/") + "/kanal/simulator/api"
# Messaging channels (sigap/channels, docs/channels.md): a channel whose secret is empty is off
# (its webhook answers 404). Secrets live only in the environment, never in the database.
SIGAP_WHATSAPP_APP_SECRET = env_str("SIGAP_WHATSAPP_APP_SECRET", "simulator-app" if _SIM else "")
SIGAP_WHATSAPP_VERIFY_TOKEN = env_str("SIGAP_WHATSAPP_VERIFY_TOKEN", "")
SIGAP_WHATSAPP_TOKEN = env_str("SIGAP_WHATSAPP_TOKEN", "simulator-token" if _SIM else "")
SIGAP_WHATSAPP_PHONE_ID = env_str("SIGAP_WHATSAPP_PHONE_ID", "1000" if _SIM else "")
SIGAP_WHATSAPP_API_URL = env_str(
    "SIGAP_WHATSAPP_API_URL",
    f"{_SIM_API}/whatsapp" if _SIM else "https://graph.facebook.com/v21.0",
)
SIGAP_TELEGRAM_BOT_TOKEN = env_str("SIGAP_TELEGRAM_BOT_TOKEN", "1000:simulator" if _SIM else "")
SIGAP_TELEGRAM_SECRET = env_str("SIGAP_TELEGRAM_SECRET", "simulator-secret" if _SIM else "")
SIGAP_TELEGRAM_PATH = env_str("SIGAP_TELEGRAM_PATH", "simulator" if _SIM else "")
SIGAP_TELEGRAM_API_URL = env_str(
    "SIGAP_TELEGRAM_API_URL", f"{_SIM_API}/telegram" if _SIM else "https://api.telegram.org"
)
# SMS through an HTTP gateway in DartMedia's format (docs/channels.md): the webhook is
# /kanal/sms/<SIGAP_SMS_PATH>/ (empty: off, 404) and answers only the allowed addresses.
SIGAP_SMS_PATH = env_str("SIGAP_SMS_PATH", "simulator" if _SIM else "")
SIGAP_SMS_ALLOWED_ADDRESSES = env_list(
    "SIGAP_SMS_ALLOWED_ADDRESSES", ["127.0.0.1", "::1"] if _SIM else []
)
for _address in SIGAP_SMS_ALLOWED_ADDRESSES:
    try:
        ipaddress.ip_network(_address, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"SIGAP_SMS_ALLOWED_ADDRESSES: {_address!r} is not an address")
SIGAP_SMS_API_URL = env_str("SIGAP_SMS_API_URL", f"{_SIM_API}/sms" if _SIM else "")
SIGAP_SMS_USER = env_str("SIGAP_SMS_USER", "simulator" if _SIM else "")
SIGAP_SMS_KEY = env_str("SIGAP_SMS_KEY", "simulator-key" if _SIM else "")
SIGAP_SMS_SENDER = env_str("SIGAP_SMS_SENDER", "SIGAP" if _SIM else "")
# The bot's username: the notices page then offers a deep link (t.me/<bot>?start=<code>).
SIGAP_TELEGRAM_BOT_USERNAME = env_str("SIGAP_TELEGRAM_BOT_USERNAME", "")
SIGAP_NOTIFICATION_TRANSPORTS = env_list(
    "SIGAP_NOTIFICATION_TRANSPORTS",
    [
        "sigap.notifications.transports.InAppTransport",
        "sigap.notifications.transports.EmailTransport",
        "sigap.channels.staff.MessageTransport",
    ],
)

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sigap_cache"}
}

# Background work on Django's Tasks API (docs/operations.md, docs/decisions/0009): the database
# backend by default (no broker), RQ on Redis for many workers on many machines. "bulk" holds
# long jobs (bulk screening) so that they never hold up the short ones.
SIGAP_TASKS_BACKEND = env_str("SIGAP_TASKS_BACKEND", "database")
SIGAP_REDIS_URL = env_str("SIGAP_REDIS_URL", "redis://127.0.0.1:6379/0")
# An RQ worker says every this many seconds that its running job is alive; a job silent for three
# times as long is taken for abandoned (its worker was killed) and put back in its queue.
SIGAP_RQ_HEARTBEAT_S = env_int("SIGAP_RQ_HEARTBEAT_S", 10)
TASK_QUEUES = ["default", "bulk"]
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
if SIGAP_TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"SIGAP_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, "
        f"not {SIGAP_TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[SIGAP_TASKS_BACKEND], "QUEUES": TASK_QUEUES}}
RQ_QUEUES = {name: {"URL": SIGAP_REDIS_URL} for name in TASK_QUEUES}

SESSION_COOKIE_AGE = env_int("SIGAP_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SIGAP_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SIGAP_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# No form takes more than 5 files; whole bodies are capped per path (sigap.middleware.BODY_LIMITS).
DATA_UPLOAD_MAX_NUMBER_FILES = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No client address in any log line (anonymous reporters leave none): sigap.lib.redact.
    "filters": {
        "no_addresses": {"()": "sigap.lib.redact.RedactAddresses"},
        # Channel secrets and full numbers out of the lines that carry URLs and paths.
        "no_secrets": {"()": "sigap.channels.transports.RedactSecrets"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_addresses"]}},
    "root": {"handlers": ["console"], "level": env_str("SIGAP_LOG_LEVEL", "WARNING")},
    # httpx logs each request's URL at INFO, and Telegram's URL holds the bot token; Django
    # logs a refused webhook's path, which holds the secret path.
    # A logger's filters see only its own records, not its children's: each one is named.
    "loggers": {
        "httpx": {"level": "WARNING", "filters": ["no_secrets"]},
        "httpcore": {"level": "WARNING"},
        "httpcore.connection": {"filters": ["no_secrets"]},
        "httpcore.http11": {"filters": ["no_secrets"]},
        "django.request": {"filters": ["no_secrets"]},
        "django.server": {"filters": ["no_secrets"]},
    },
}
