"""Local development: `make run`, `manage.py`. SQLite and the embedded Redis by default."""
from .base import *  # noqa: F403
from .base import LOCAL_DATABASE_URL, LOCAL_REDIS_URL, database_settings, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="catalyst-local-development-only-not-secret")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

DATABASES = {"default": database_settings(env.str("DATABASE_URL", default=LOCAL_DATABASE_URL))}
REDIS_URL = env.str("REDIS_URL", default=LOCAL_REDIS_URL)
CELERY_BROKER_URL = REDIS_URL
