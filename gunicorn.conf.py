"""Gunicorn's settings for Catalyst's web process: `gunicorn -c gunicorn.conf.py config.wsgi`.

The same file serves `make run` (the Procfile binds 127.0.0.1:8000 on the command line, which wins
over `bind` here) and the container (0.0.0.0:$PORT). Every figure can be changed from the
environment without a new image; docs/deployment.md lists the variables.
"""
import os
import re

from gunicorn.glogging import Logger


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Where to listen. In a container every interface, on $PORT (what most platforms set).
bind = [os.environ.get("GUNICORN_BIND") or f"{os.environ.get('GUNICORN_HOST', '0.0.0.0')}:{_env_int('PORT', 8000)}"]

# Worker processes, each with a pool of threads: Catalyst's requests wait on the database most of
# their time, so threads add concurrency for little memory. Scale a host up with WEB_CONCURRENCY
# (about one process per CPU core); scale out with more web containers.
worker_class = "gthread"
workers = _env_int("WEB_CONCURRENCY", 2)
threads = _env_int("GUNICORN_THREADS", 4)

# A request still running after `timeout` seconds kills its worker (the page answers 502): no page
# or API call legitimately takes that long. On a restart, requests in flight get `graceful_timeout`
# seconds to finish; compose.yaml gives the container longer than that before it is killed.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Longer than the default 2 s so a load balancer's pooled connections are reused rather than reset.
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)

# Replace each worker after about this many requests (the jitter staggers the restarts), so a slow
# leak in any library never grows without bound. 0 turns it off.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# The proxies whose X-Forwarded-Proto (and -For) gunicorn believes: the load balancer's addresses,
# comma-separated, or "*" when only the load balancer can reach the container. Django's own
# SECURE_PROXY_SSL_HEADER and CATALYST_NUM_PROXIES make the same decision for the app.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The heartbeat file of each worker lives in memory: a container's overlay file system can stall it
# long enough for gunicorn to kill a healthy worker.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or ("/dev/shm" if os.path.isdir("/dev/shm") else None)

# Gunicorn's control socket (for `gunicornc`) is off unless a path is given: its default path is one
# per user, so a second gunicorn of the same user (two web processes on one host) would take it over.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]

# Both logs go to standard output and error, where the container runtime or honcho collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The usual combined format, plus how long the request took in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'


# Addresses that carry a secret in their path: the personal calendar feed and the password-reset
# (and invitation) link. The access log keeps the route and drops the secret.
_SECRET_PATHS = [
    (re.compile(r"(/calendar/)[^/?\s]+(\.ics)"), r"\1[redacted]\2"),
    (re.compile(r"(/accounts/reset/[^/?\s]+/)(?!set-password/)[^/?\s]+"), r"\1[redacted]"),
]
_SECRET_QUERY = re.compile(r"(?i)([?&](?:code|state|token|key|secret|password)=)[^&\s\"]*")


def redact(text: str) -> str:
    """The request line or address with every secret it may carry replaced by a marker."""
    for pattern, replacement in _SECRET_PATHS:
        text = pattern.sub(replacement, text)
    return _SECRET_QUERY.sub(r"\1[redacted]", text)


class RedactingLogger(Logger):
    """Gunicorn's logger, with secrets kept out of every field of the access log (request line, path,
    query, referrer, and any header or environ field a changed format may add)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}


logger_class = RedactingLogger
