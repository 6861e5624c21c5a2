"""Fast, isolated settings for the test suite. DATABASE_URL and REDIS_URL still apply (CI's integration tier)."""
from .base import *  # noqa: F403
from .base import LOCAL_DATABASE_URL, LOCAL_REDIS_URL, database_settings, env

DEBUG = False
SECRET_KEY = "catalyst-test-only"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DATABASES = {"default": database_settings(env.str("DATABASE_URL", default=LOCAL_DATABASE_URL))}
REDIS_URL = env.str("REDIS_URL", default=LOCAL_REDIS_URL)
CELERY_BROKER_URL = REDIS_URL
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks in-process; the integration tier sets CATALYST_REAL_BROKER=1.
CELERY_TASK_ALWAYS_EAGER = not env.bool("CATALYST_REAL_BROKER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
