"""Settings shared by every environment. Everything that varies comes from the environment."""
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "config.apps.CatalystAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Catalyst, from the bottom layer up (docs/architecture.md).
    "common",
    "people",
    "notifications",
    "alumni",
    "devplans",
    "coaching",
    "integrations",
    "insights",
]

MIDDLEWARE = [
    # First: every log line of a request, the access line and the response carry its X-Request-ID.
    "common.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The second factor: django-otp marks a verified session, then HR accounts need one (people.mfa).
    "django_otp.middleware.OTPMiddleware",
    "people.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "people.context_processors.catalyst",
                "notifications.context_processors.unread",
                "insights.navigation.navigation",
            ],
        },
    },
]

# Where the database and Redis are: local.py and test.py default to SQLite in the project folder
# and the embedded Redis of `make run`; production.py requires both (no silent fallback).
LOCAL_DATABASE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
LOCAL_REDIS_URL = "redis://127.0.0.1:6479/0"


def required_env(name: str, example: str) -> str:
    """The variable's value; a clear refusal to start when it is unset or empty."""
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is not set: production settings need it (for example {name}={example}).")
    return value


def database_settings(url: str) -> dict:
    """DATABASES["default"] for a DATABASE_URL, with Catalyst's connection options."""
    database = env.db_url_config(url)
    database["ATOMIC_REQUESTS"] = False
    database["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    if database["ENGINE"].endswith("sqlite3"):
        options = database.setdefault("OPTIONS", {})
        options.setdefault("timeout", 20)
        # Services read, then write: a deferred transaction cannot take the write lock while another
        # connection writes ("database is locked" at once, whatever the timeout). IMMEDIATE takes it at
        # BEGIN and waits up to `timeout` for it.
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    return database


def redis_cache_settings(url: str) -> dict:
    """CACHES["default"] on Redis that the app answers without: when Redis cannot be reached, reads
    miss and writes are dropped after a short timeout, so pages, sign-in and the API go on from the
    database (sessions are cached_db) while /healthz/ reports the cache as down."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": env.float("CATALYST_CACHE_TIMEOUT", default=0.5),
            "SOCKET_TIMEOUT": env.float("CATALYST_CACHE_TIMEOUT", default=0.5),
        },
    }


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, loading the signed-in Person with the user (one query per page for both).
    "people.backends.PersonModelBackend",
    # Company single sign-on (OpenID Connect), when configured: people.oidc.
    "people.oidc.CompanySignInBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# The organisation's time zone: reminder dates and "today" are computed in it.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("CATALYST_TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "people.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.StandardPagination",
    # The API speaks JSON only (CONTRACT.md); pages are plain Django forms.
    "DEFAULT_PARSER_CLASSES": ["common.api.parsers.CleanJSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"sign_in": "10/min"},
    # How many proxies stand in front of the app: the throttle takes the client's address that many
    # hops from the right of X-Forwarded-For, and ignores the header when there are none (0).
    "NUM_PROXIES": env.int("CATALYST_NUM_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Catalyst API",
    "DESCRIPTION": "Development plans, coaching, mentorship and the alumni network for sales teams.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api.schema.add_error_responses",
        "common.api.schema.mark_omittable_fields",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SessionKindEnum": "coaching.models.SessionKind",
        "ObservationKindEnum": "coaching.models.ObservationKind",
        "MilestoneKindEnum": "devplans.models.MilestoneKind",
        "ChampionActionKindEnum": "devplans.models.ChampionActionKind",
        "ContributionKindEnum": "alumni.models.ContributionKind",
        "NotificationKindEnum": "notifications.kinds.CHOICES",
    },
}

# Redis (REDIS_URL, set by each environment's settings) is the Celery broker and, in production, the cache.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Tasks are short and never carry an ETA near this; far-future reminders live in the database.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Queueing happens after a commit: with the broker down, give up within about a second (the emails
# stay pending and are re-queued) rather than hold the request.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# One beat sends the schedule: a second beat started by mistake waits for the lock (config.beat).
CELERY_BEAT_SCHEDULER = "config.beat:LockedDatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = False
DJANGO_CELERY_BEAT_TZ_AWARE = True

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Catalyst <catalyst@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Sign-in protection: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Company sign-ins (people.oidc) are authenticated by the provider: they neither count nor lock.
AXES_WHITELIST_CALLABLE = "people.oidc.axes_exempt"

# HR, staff and superusers confirm each sign-in with a code from an authenticator app or a recovery
# code (people.mfa). On in production, off here and in local development (the demo needs no phone).
CATALYST_HR_REQUIRE_MFA = env.bool("CATALYST_HR_REQUIRE_MFA", default=False)
OTP_TOTP_ISSUER = "Catalyst"
# Each wrong code doubles the wait before the next try (1 s, 2 s, 4 s, ...), per device.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin's device pages show neither TOTP secrets nor their QR codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sessions are read from the cache (Redis in production) and written through to the database,
# so a page does not spend a query on its session and nobody is signed out when the cache empties.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Catalyst's own settings.
CATALYST = {
    "API_TOKEN_DAYS": env.int("CATALYST_API_TOKEN_DAYS", default=30),
    "DEMO_PASSWORD": env("DEMO_PASSWORD", default="demo"),
    "SITE_URL": env("CATALYST_SITE_URL", default="http://127.0.0.1:8000"),
    # An invitation's link to set a password works once, for this many days (people.invitations).
    "INVITE_DAYS": env.int("CATALYST_INVITE_DAYS", default=7),
}
# Company single sign-on with OpenID Connect (people.oidc, docs/operations.md): on when the issuer,
# client id and secret are set. The endpoints and keys come from the issuer's discovery document.
CATALYST_OIDC_ISSUER = env.str("CATALYST_OIDC_ISSUER", default="").strip()
CATALYST_OIDC_NAME = env.str("CATALYST_OIDC_NAME", default="").strip()
OIDC_RP_CLIENT_ID = env.str("CATALYST_OIDC_CLIENT_ID", default="").strip()
OIDC_RP_CLIENT_SECRET = env.str("CATALYST_OIDC_CLIENT_SECRET", default="").strip()
OIDC_RP_SCOPES = "openid email profile"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = env.float("CATALYST_OIDC_TIMEOUT", default=5)
OIDC_AUTHENTICATE_CLASS = "people.oidc.CompanySignInStartView"
OIDC_CALLBACK_CLASS = "people.oidc.CompanySignInCallbackView"
# "employees-off": employees sign in only through the company provider; alumni and superusers keep
# passwords (people.oidc.password_sign_in_allowed).
CATALYST_PASSWORD_SIGN_IN = env.str("CATALYST_PASSWORD_SIGN_IN", default="on")
if CATALYST_PASSWORD_SIGN_IN not in ("on", "employees-off"):
    raise ImproperlyConfigured(f"CATALYST_PASSWORD_SIGN_IN is {CATALYST_PASSWORD_SIGN_IN!r}: use on or employees-off.")
# Most open mentorships (proposed or active) one mentor may hold.
CATALYST_MENTOR_CAPACITY = env.int("CATALYST_MENTOR_CAPACITY", default=6)
# A scheduled reminder sweep catches up on the dates it missed, at most this many days back.
CATALYST_SWEEP_CATCH_UP_DAYS = env.int("CATALYST_SWEEP_CATCH_UP_DAYS", default=7)
# Emails still pending this many minutes after their reminder was made (the broker was down, a
# worker died holding the claim) are queued again by a periodic task; older than the second figure,
# a reminder is stale and its email is no longer sent.
CATALYST_EMAIL_REQUEUE_MINUTES = env.int("CATALYST_EMAIL_REQUEUE_MINUTES", default=10)
CATALYST_EMAIL_REQUEUE_MAX_HOURS = env.int("CATALYST_EMAIL_REQUEUE_MAX_HOURS", default=48)
# The benchmark's bare reference view (/bench/bare/): on in development and tests, off in production.
CATALYST_BENCH_VIEW = env.bool("CATALYST_BENCH_VIEW", default=True)
# Imports of people refuse files larger than this.
CATALYST_IMPORT_MAX_BYTES = env.int("CATALYST_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# Logs and errors (docs/operations.md): one line per record on stderr with the request id and user
# id, "text" here and "json" in production (DJANGO_LOG_FORMAT); request errors mailed to ADMINS.
from common.logging import admins_from_env, log_format_from_env  # noqa: E402

ADMINS = admins_from_env(env.str("DJANGO_ADMINS", default=""))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "common.logging.RequestContextFilter"},
        "request_path": {"()": "common.logging.RequestPathFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "text": {"()": "common.logging.TextFormatter"},
        "json": {"()": "common.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": log_format_from_env(env.str("DJANGO_LOG_FORMAT", default="text")),
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_context"],
            "formatter": "text",
            # Masks bodies, query strings, cookies, local variables and settings in the email.
            "reporter_class": "common.logging.PrivateExceptionReporter",
        },
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own console and mail handlers go: everything reaches the root's one handler once.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"handlers": ["mail_admins"] if ADMINS else [], "filters": ["request_path"]},
        # The access line (common.middleware) stands for runserver's, which would show query strings.
        "django.server": {"handlers": [], "level": "WARNING", "propagate": True, "filters": ["request_path"]},
        # SQL with its parameters (at DEBUG) would write private notes and password hashes.
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}
