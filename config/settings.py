"""Settings for Marginalia: one file, driven by the environment.

Every knob that differs between a laptop, CI and production is an environment
variable read through the small typed helpers below; README.md lists them.
"""

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no.")


def env_int(name: str, default: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_float(name: str, default: float = 0.0) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; unset means `default`, set but empty means []."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


# Test runs (pytest or `manage.py test`) speak plain HTTP to the test client and
# need no real secret, whatever DEBUG says.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "django-insecure-marginalia-development-key-do-not-use-in-production"
    elif TESTING:
        SECRET_KEY = "django-insecure-marginalia-test-key-do-not-use-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DEBUG=1 for local development."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "taggit",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "corpus",
    "annotations",
    "reader",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.guard.HostileInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which reads may come from the replica, when there is one (config/replica.py).
    "config.replica.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses sign-ins for an account or an address that failed too often (django-axes).
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the reader with their unread notification count.
    "annotations.notifications.backend.ReaderBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user:pass@host/name, or with a Unix socket
# as a percent-encoded host: postgres://user@%2Fvar%2Frun%2Fpostgresql/name).
DEFAULT_SQLITE_PATH = BASE_DIR / "data" / "marginalia.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DEFAULT_SQLITE_PATH}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}

# A PostgreSQL streaming replica (optional): the reading pages, search and guides read
# from it (config/replica.py decides which reads; writes never go there).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
    DATABASE_ROUTERS = ["config.replica.ReplicaRouter"]
# Reads go to the primary while the replica is further behind than this (seconds), and
# for this long after a browser wrote something (it sees its own writes).
MARGINALIA_REPLICA_MAX_LAG = env_float("MARGINALIA_REPLICA_MAX_LAG", 5.0)
MARGINALIA_REPLICA_PIN_SECONDS = env_int("MARGINALIA_REPLICA_PIN_SECONDS", 30)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers and one writer at a time without "database is locked": WAL lets reads
    # run beside a write, busy_timeout waits for the lock, and IMMEDIATE takes the
    # write lock when a transaction starts rather than failing on upgrade midway.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA busy_timeout=5000;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                # Reads of a large database: pages mapped from the OS's file cache (shared
                # by every process) and a 16 MB page cache per connection, not 2 MB. A
                # guide over 5,000 annotations reads about a sixth faster.
                "PRAGMA mmap_size=134217728;"
                "PRAGMA cache_size=-16000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
    _sqlite_name = str(DATABASES["default"]["NAME"])
    if _sqlite_name and _sqlite_name != ":memory:" and not _sqlite_name.startswith("file:"):
        Path(_sqlite_name).parent.mkdir(parents=True, exist_ok=True)
    if TESTING and "NAME" not in DATABASES["default"].setdefault("TEST", {}):
        # The test database is a file, as in production, not Django's in-memory default:
        # on that, the browser tests' live server answered every request's thread on the
        # test's one connection, and two at once failed now and then ("database table is
        # locked"). A file gives each thread its own connection, with WAL between them.
        # In memory-backed /dev/shm where there is one; the process id keeps two runs apart.
        _test_dir = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
        DATABASES["default"]["TEST"]["NAME"] = str(
            _test_dir / f"marginalia-test-{os.getpid()}.sqlite3"
        )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing with PBKDF2 dominates the run time of tests that create users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Without DEBUG, serve hashed, compressed files from `collectstatic` (the scripts'
        # module imports hashed too, see config/storage.py); tests and development serve
        # the source files so no collectstatic run is needed.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "config.storage.StaticFilesStorage"
        ),
    },
}

# Development and tests: WhiteNoise serves the source files and notices new ones.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "marginalia@localhost")
# The address the notification digest's links start with.
MARGINALIA_SITE_URL = env_str("MARGINALIA_SITE_URL", "http://localhost:8000")

MARGINALIA_SEEDS_DIR = BASE_DIR / "corpus" / "seeds"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # JSON only (no browsable HTML pages): every answer under /api/ is JSON.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    # Per reader (session or token) and per address for anonymous requests; imports and
    # uploads have their own, lower limit. Over it: 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "annotations.api.throttles.AnonymousThrottle",
        "annotations.api.throttles.ReaderThrottle",
        "annotations.api.throttles.WriteScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("THROTTLE_ANON", "300/min"),
        "user": env_str("THROTTLE_USER", "1200/min"),
        "imports": env_str("THROTTLE_IMPORTS", "30/hour"),
    },
    # The client's address: the peer's, or the one our own proxy reports (not the
    # X-Forwarded-For a client may write itself).
    "NUM_PROXIES": 1 if env_bool("TRUSTED_PROXY", default=False) else 0,
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Marginalia API",
    "DESCRIPTION": "Documents, annotations, circles and study guides.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # 400, 403, 429 everywhere; 411, 413 with a body; 404 with a path value.
        "annotations.api.schema.add_shared_responses",
    ],
}

# Security. Production serves HTTPS only; `make run` (DEBUG) and tests use plain HTTP.
HTTPS_ONLY = env_bool("HTTPS_ONLY", default=not (DEBUG or TESTING))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS_ONLY)
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
# A form refused for its CSRF token gets the site's page (JSON under /api/).
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
# Browsers' preload lists want a year at least: announce preload only with that long.
HSTS_PRELOAD_MIN_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", HSTS_PRELOAD_MIN_SECONDS if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS_ONLY)
SECURE_HSTS_PRELOAD = (
    env_bool("SECURE_HSTS_PRELOAD", default=HTTPS_ONLY)
    and SECURE_HSTS_SECONDS >= HSTS_PRELOAD_MIN_SECONDS
)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    # Only behind a proxy that sets X-Forwarded-Proto itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp): our own scripts, styles and images only; no inline
# script or style anywhere (the page data is a JSON block, which CSP does not run), no
# plugins, no framing, forms posting only here. Django's admin brings inline scripts.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.db.backends": {"level": env_str("DB_LOG_LEVEL", "INFO").upper()},
        # django-axes says so at INFO on every sign-in; lockouts are WARNING.
        "axes": {"level": "WARNING"},
    },
}

# Shared by every app server: a table in the database we already have, or Redis when
# CACHE_URL names one (redis://host:6379/0, rediss://..., or unix:///path/redis.sock).
CACHE_URL = env_str("CACHE_URL")
if not CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "marginalia_cache",
            # Room for the popular layer of every section read in a week (annotations/
            # margin.py), not Django's 300 entries, past which it drops a third at once.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
elif CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    # A Redis host that stops answering costs a request this long, not redis-py's 5 s a
    # call: the popular layer is then made without the cache (annotations/margin.py).
    _redis_timeout = env_float("REDIS_TIMEOUT", 0.5)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "socket_connect_timeout": _redis_timeout,
                "socket_timeout": _redis_timeout,
            },
        }
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL={CACHE_URL!r} is not a Redis URL (redis://, rediss:// or unix://); "
        "leave it unset to keep the cache in the database."
    )

# Sign-in attempts (django-axes): after AXES_FAILURE_LIMIT wrong passwords in a row for
# one account, or from one address, signing in pauses for AXES_COOLOFF_MINUTES (429).
TRUSTED_PROXY = env_bool("TRUSTED_PROXY", default=False)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.throttling.locked_out"
AXES_CLIENT_IP_CALLABLE = "config.throttling.client_address"
AXES_VERBOSE = False

# Tags are one tag whatever their case: "NEP" and "nep".
TAGGIT_CASE_INSENSITIVE = True

# Run when a document gets a new version: highlights follow their text into it.
MARGINALIA_NEW_VERSION_HOOKS = ["annotations.reanchor.reanchor_annotations"]
# Background work (re-anchoring a large document's highlights) is queued in the database
# and done by `manage.py db_worker` (make run starts one): no other server to run.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An ingest asked to work in the background re-anchors at most this many highlights
# before answering, and queues the rest of the work as a task.
MARGINALIA_REANCHOR_INLINE_MAX = env_int("MARGINALIA_REANCHOR_INLINE_MAX", 2000)
# A JSON-LD import of more annotations (and replies) than this is done by a queued task.
MARGINALIA_IMPORT_INLINE_MAX = env_int("MARGINALIA_IMPORT_INLINE_MAX", 2000)

# Adding texts in the browser and through the API (annotations/uploads/).
# A file, a pasted text or a fetched page may be at most this large.
MARGINALIA_UPLOAD_MAX_BYTES = env_int("MARGINALIA_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Larger than this, a text is stored by a queued task (`manage.py db_worker`), with progress.
MARGINALIA_UPLOAD_BACKGROUND_BYTES = env_int("MARGINALIA_UPLOAD_BACKGROUND_BYTES", 2 * 1024 * 1024)
# Fetching a text from a URL gives up after this many seconds in all.
MARGINALIA_FETCH_TIMEOUT = env_int("MARGINALIA_FETCH_TIMEOUT", 10)
# Only the tests turn this on: fetch from a server on this machine (never in production).
MARGINALIA_FETCH_ALLOW_LOOPBACK = env_bool("MARGINALIA_FETCH_ALLOW_LOOPBACK", False)
# Django keeps form fields (a pasted text) in memory up to this size; files go to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = MARGINALIA_UPLOAD_MAX_BYTES + 1024 * 1024
