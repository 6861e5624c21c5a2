# Catalyst's production image. One image runs every process: the web app (the default command),
# the Celery worker and beat (compose.yaml gives their commands). docs/deployment.md explains it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PORT=8000

WORKDIR /app

# The pinned packages first, so a change to the code alone reuses this layer.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Static files are collected into the image, where whitenoise serves them with hashed names.
# Production settings refuse to load without these four variables; collectstatic reaches neither
# the database nor Redis, so throwaway values (on this line only, never in the image) do.
RUN DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 DJANGO_SECRET_KEY=build-only-not-a-secret DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

# The code stays root's and read-only; the processes run as an unprivileged user with no home
# and no shell. Nothing is written under /app at run time (gunicorn's heartbeat is in /dev/shm).
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin catalyst
USER catalyst:catalyst

EXPOSE 8000

# /healthz/ answers 200 when this process reaches the database, the cache and the broker. It is
# asked for with the first allowed host (Django refuses other Host headers) and over plain HTTP
# (production exempts it from the HTTPS redirect). The worker and beat containers replace this
# check with their own (compose.yaml).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; host = os.environ['DJANGO_ALLOWED_HOSTS'].split(',')[0].strip().lstrip('*.') or 'localhost'; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz/', headers={'Host': host}), timeout=4)"]

CMD ["gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"]
