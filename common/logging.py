"""Log lines that say which request (or task) and which user they belong to, and nothing private.

Every record that reaches a handler with `RequestContextFilter` gets `request_id` and `user_id`:
the web request's id (common.middleware.RequestIdMiddleware), or inside a Celery task the id of the
request that queued it (carried in the message) or else the task's own id; "-" outside both. The
formatters write them as a readable line (`TextFormatter`) or as one JSON object a line
(`JsonFormatter`, production's default). Query strings, bodies, cookies and headers are never logged,
and secret parts of a path (the calendar feed's token, a password-reset link) are masked.
"""
from __future__ import annotations

import contextlib
import copy
import datetime
import logging
import re
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils.functional import LazyObject, empty
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

NONE = "-"
REQUEST_ID_HEADER = "X-Request-ID"
#: The Celery message header that carries the queuing request's id to the worker.
TASK_REQUEST_ID_HEADER = "catalyst_request_id"
MASK = "[masked]"

#: A request id we take from a client or proxy: a short plain token, nothing that could forge a log line.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: URL arguments that are keys in themselves: their values never reach a log line or an error report.
_SECRET_URL_ARGUMENT = re.compile(r"token|key|secret|password|signature|uidb64", re.IGNORECASE)

_request_id: ContextVar[str] = ContextVar("catalyst_request_id", default=NONE)
_request: ContextVar[HttpRequest | None] = ContextVar("catalyst_request", default=None)
_task_id: ContextVar[str | None] = ContextVar("catalyst_task_id", default=None)


# --- the current request or task ----------------------------------------------------------------

def request_id_sane(value: str | None) -> str | None:
    """`value` if it can serve as a request id as it is, else None."""
    if value and _SANE_REQUEST_ID.fullmatch(value):
        return value
    return None


def current_request_id() -> str:
    return _request_id.get()


def current_user_id() -> str:
    return request_user_id(_request.get())


def request_user_id(request: HttpRequest | None) -> str:
    """The signed-in user's id, once the request has looked the user up; "-" otherwise.

    Never looks the user up itself: a log line must not cost a query, nor fail while the database is away.
    """
    user = request.__dict__.get("user") if request is not None else None
    if user is None or (isinstance(user, LazyObject) and user._wrapped is empty):
        return NONE
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return NONE
    return str(user.pk)


@contextlib.contextmanager
def request_context(request: HttpRequest, request_id: str) -> Iterator[None]:
    """Log lines inside the block belong to `request`, which keeps its id as `request.request_id`
    for the lines Django writes about it after the middleware has answered ("Not Found: …")."""
    request.request_id = request_id
    tokens = (_request_id.set(request_id), _request.set(request), _task_id.set(None))
    try:
        yield
    finally:
        _context_reset(tokens)


def _context_reset(tokens: tuple) -> None:
    request_id_token, request_token, task_id_token = tokens
    try:
        _task_id.reset(task_id_token)
        _request.reset(request_token)
        _request_id.reset(request_id_token)
    except ValueError:  # reset from another context (an unusual worker pool): start clean instead
        _task_id.set(None)
        _request.set(None)
        _request_id.set(NONE)


# --- Celery: the task's log lines carry the id of the request that queued it ----------------------

def task_publish_add_request_id(headers: dict | None = None, **kwargs: Any) -> None:
    """`before_task_publish`: the message carries the current request id (a web request's, or the
    queuing task's), so the worker's lines can be found with the request's."""
    request_id = _request_id.get()
    if headers is not None and request_id != NONE:
        headers.setdefault(TASK_REQUEST_ID_HEADER, request_id)


def task_context_bind(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    """`task_prerun`: the task's log lines carry the queuing request's id, else the task's own id."""
    task_request = getattr(task, "request", None)
    headers = getattr(task_request, "headers", None) or {}  # where apply(headers=...) puts them
    request_id = request_id_sane(getattr(task_request, TASK_REQUEST_ID_HEADER, None) or headers.get(TASK_REQUEST_ID_HEADER))
    if request_id is None and getattr(task_request, "is_eager", False) and _request_id.get() != NONE:
        request_id = _request_id.get()  # run in-process (tests, run_reminders): it belongs to the caller
    tokens = (_request_id.set(request_id or task_id or NONE), _request.set(None), _task_id.set(task_id))
    if task_request is not None:
        task_request.catalyst_log_context = tokens


def task_context_release(task: Any = None, **kwargs: Any) -> None:
    """`task_postrun`: back to the context before the task."""
    tokens = getattr(getattr(task, "request", None), "catalyst_log_context", None)
    if tokens is not None:
        task.request.catalyst_log_context = None
        _context_reset(tokens)


# --- what of a request may be logged ------------------------------------------------------------

def loggable_path(path: str, resolver_match: ResolverMatch | None = None) -> str:
    """`path` without its query string and with secret URL arguments (tokens, reset links) masked."""
    path = path.split("?", 1)[0]
    if resolver_match is None:
        try:
            resolver_match = resolve(path)
        except (Resolver404, ValueError):
            return path
    for name, value in resolver_match.kwargs.items():
        if _SECRET_URL_ARGUMENT.search(name) and isinstance(value, str) and value:
            path = path.replace(value, MASK)
    return path


def request_loggable_path(request: HttpRequest) -> str:
    return loggable_path(request.path, getattr(request, "resolver_match", None))


class RequestContextFilter(logging.Filter):
    """Handler filter: adds `request_id` and `user_id` (and `task_id` inside a task) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)  # django.request's lines name their request
        if isinstance(request, HttpRequest) and getattr(request, "request_id", None):
            record.request_id = request.request_id
            record.user_id = request_user_id(request)
        else:
            record.request_id = _request_id.get()
            record.user_id = current_user_id()
        task_id = _task_id.get()
        if task_id is not None:
            record.task_id = task_id
        return True


class RequestPathFilter(logging.Filter):
    """Logger filter for django.request and django.server: the path in their messages loses its query
    string and its secret arguments, before any handler (or the error email's subject) sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.args, tuple):
            return True
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            path = request_loggable_path(request)
            record.args = tuple(path if arg == request.path else arg for arg in record.args)
        elif record.name == "django.server" and record.args and isinstance(record.args[0], str):
            # The development server's request line: "GET /path?query HTTP/1.1".
            method, _, rest = record.args[0].partition(" ")
            target, _, protocol = rest.partition(" ")
            record.args = (f"{method} {loggable_path(target)} {protocol}".strip(), *record.args[1:])
        return True


# --- formats ------------------------------------------------------------------------------------

def _iso_utc(created: float) -> str:
    moment = datetime.datetime.fromtimestamp(created, tz=datetime.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TextFormatter(logging.Formatter):
    """A readable line with the same names as the JSON fields:
    `2026-03-02T09:15:04.512Z INFO catalyst.access request_id=… user_id=12 GET /api/v1/me/ 200 14ms`."""

    def __init__(self, fmt: str | None = None, datefmt: str | None = None, style: str = "%", **kwargs: Any) -> None:
        fmt = fmt or "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s user_id=%(user_id)s %(message)s"
        kwargs.setdefault("defaults", {"request_id": NONE, "user_id": NONE})
        super().__init__(fmt, datefmt, style, **kwargs)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return _iso_utc(record.created)


#: Extras that hold whole objects (Django's request, Celery's task arguments): never written out.
_UNSAFE_EXTRAS = ("request", "data", "server_time")
_PLAIN = (str, int, float, bool, type(None))


class JsonFormatter(BaseJsonFormatter):
    """One JSON object a line: time (ISO 8601, UTC), level, logger, message, request_id, user_id, then
    the record's plain extras (method, path, status, duration_ms on the access line; task_id in a
    task) and the exception's traceback. Extras that are objects, lists or dicts are left out: they
    are where a request, a body or a task's arguments would slip in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, *_UNSAFE_EXTRAS])
        kwargs.setdefault(
            "rename_fields",
            {"levelname": "level", "name": "logger", "exc_info": "exception", "status_code": "status"},
        )
        super().__init__(["levelname", "name", "message", "request_id", "user_id"], *args, **kwargs)

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        log_data["time"] = _iso_utc(record.created)
        super().add_fields(log_data, record, message_dict)
        for key in [key for key, value in log_data.items() if not isinstance(value, _PLAIN)]:
            if key not in ("exception", "stack_info"):
                del log_data[key]
        log_data.setdefault("request_id", NONE)
        log_data.setdefault("user_id", NONE)


# --- settings helpers ---------------------------------------------------------------------------

LOG_FORMATS = ("json", "text")
_ADDRESS = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+")
_COMMA_OUTSIDE_QUOTES = re.compile(r',(?=(?:[^"]*"[^"]*")*[^"]*$)')
#: `Name <address>`, `"Name, with comma" <address>` or a bare address.
_ADMIN = re.compile(r'(?P<name>[^<>]*?)\s*<(?P<address>[^<>]*)>|(?P<bare>[^<>\s]+)')


def log_format_from_env(value: str) -> str:
    """DJANGO_LOG_FORMAT: "json" or "text"; anything else refuses to start."""
    value = value.strip().lower()
    if value not in LOG_FORMATS:
        raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {value!r}.")
    return value


def admins_from_env(value: str) -> list[tuple[str, str]]:
    """DJANGO_ADMINS as Django's ADMINS: `"Ann Lee <ann@example.com>, ops@example.com"` →
    `[("Ann Lee", "ann@example.com"), ("", "ops@example.com")]`. A quoted name may hold a comma; an
    entry that is not an address refuses to start, rather than mailing errors nowhere."""
    admins = []
    for entry in _COMMA_OUTSIDE_QUOTES.split(value):
        if not entry.strip():
            continue  # "a@x.org,,b@x.org" or a trailing comma
        match = _ADMIN.fullmatch(entry.strip())
        name = (match["name"] or "").strip().strip('"').strip() if match else ""
        address = (match["address"] or match["bare"] or "") if match else ""
        if not _ADDRESS.fullmatch(address):
            raise ImproperlyConfigured(
                f"DJANGO_ADMINS holds {entry.strip()!r}, which is not an email address "
                '(expected for example "Ann Lee <ann@example.com>, ops@example.com").'
            )
        admins.append((name, address))
    return admins


# --- error emails and Sentry --------------------------------------------------------------------

class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """What an error email may show of a request: its method, path and a few plain headers. Bodies,
    query strings, cookies, local variables and settings (REDIS_URL may hold a password) may hold
    secrets or private notes, so they are masked or left out."""

    META_SHOWN = frozenset({
        "REQUEST_METHOD", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "REMOTE_ADDR", "CONTENT_TYPE",
        "CONTENT_LENGTH", "HTTP_HOST", "HTTP_USER_AGENT", "HTTP_ACCEPT", "HTTP_X_REQUEST_ID",
    })

    def get_safe_settings(self) -> dict:
        return {}

    def get_safe_request_meta(self, request) -> dict:
        meta = {name: value for name, value in getattr(request, "META", {}).items() if name in self.META_SHOWN}
        if isinstance(request, HttpRequest):
            meta["PATH_INFO"] = request_loggable_path(request)
        return meta

    def get_safe_cookies(self, request) -> dict:
        return {name: self.cleansed_substitute for name in getattr(request, "COOKIES", {})}

    def get_post_parameters(self, request) -> dict:
        try:
            names = list(request.POST) if request is not None else []
        except Exception:  # a body already read as a stream, or too large: there is nothing to show
            names = []
        return {name: self.cleansed_substitute for name in names}

    def get_traceback_frame_variables(self, request, tb_frame):
        return {name: self.cleansed_substitute for name in tb_frame.f_locals}.items()


class PrivateExceptionReporter(ExceptionReporter):
    """The error email (AdminEmailHandler's report) without the request's private parts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filter = PrivateExceptionReporterFilter()

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if isinstance(self.request, HttpRequest):
            path = request_loggable_path(self.request)
            shown = copy.copy(self.request)
            shown.path = shown.path_info = path
            data["request"] = shown
            data["request_insecure_uri"] = path
            data["request_GET_items"] = [(name, self.filter.cleansed_substitute) for name in self.request.GET]
            data["user_str"] = f"id {request_user_id(self.request)}"
        return data


_SENTRY_HEADERS_DROPPED = frozenset({"authorization", "proxy-authorization", "cookie", "x-csrftoken", "x-api-key"})


def sentry_before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Sentry's `before_send`: the event names the request id (to find its log lines) and carries no
    query string, body, cookie or credential header, and no secret part of the path."""
    request_id = _request_id.get()
    if request_id != NONE:
        tags = event.setdefault("tags", {})
        if isinstance(tags, dict):
            tags["request_id"] = request_id
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("query_string", "data", "cookies"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            parts = urlsplit(request["url"])
            request["url"] = urlunsplit((parts.scheme, parts.netloc, loggable_path(parts.path), "", ""))
        if isinstance(request.get("headers"), dict):
            request["headers"] = {
                name: value for name, value in request["headers"].items() if name.lower() not in _SENTRY_HEADERS_DROPPED
            }
    return event
