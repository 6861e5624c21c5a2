"""Production: every secret and address from the environment; `check --deploy` is clean.

DATABASE_URL and REDIS_URL have no default here: without them Django refuses to start, naming the
variable, rather than writing to a SQLite file or looking for the development Redis.
"""
from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, database_settings, env, redis_cache_settings, required_env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": database_settings(required_env("DATABASE_URL", "postgres://USER:PASSWORD@HOST:5432/catalyst"))}
REDIS_URL = required_env("REDIS_URL", "redis://HOST:6379/0")
CELERY_BROKER_URL = REDIS_URL

# HR accounts confirm every sign-in with a second factor (people.mfa); CATALYST_HR_REQUIRE_MFA=0 turns it off.
CATALYST_HR_REQUIRE_MFA = env.bool("CATALYST_HR_REQUIRE_MFA", default=True)

# The benchmark serves production settings; only it turns the bare reference view on.
CATALYST_BENCH_VIEW = env.bool("CATALYST_BENCH_VIEW", default=False)
CACHES = {"default": redis_cache_settings(REDIS_URL)}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# A load balancer probes the health check over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# JSON only: the browsable API (kept in development) renders a form page for anyone who asks for
# HTML and costs every request a renderer negotiation over two renderers.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# A log collector reads one JSON object a line; DJANGO_LOG_FORMAT=text gives readable lines instead.
LOGGING["handlers"]["console"]["formatter"] = log_format_from_env(env.str("DJANGO_LOG_FORMAT", default="json"))

# Errors also go to Sentry when SENTRY_DSN is set. Without it the SDK is neither imported nor started.
if env.str("SENTRY_DSN", default=""):
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    from common.logging import sentry_before_send

    sentry_sdk.init(
        dsn=env.str("SENTRY_DSN"),
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="") or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # No user, address, cookie or body; no local variables (they may hold private notes);
        # before_send drops query strings and credential headers and tags the request id.
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=sentry_before_send,
    )
