"""Whole answers cached per reader, and forgotten the moment anything is written to the database.

A signed-in person who asks again for a page or an API answer, with nothing written to the
database in between, gets the bytes the first request produced instead of a fresh rendering
(docs/performance.md has the figures). Three rules keep that exact:

1. **Any write forgets everything.** Every statement that can change data (INSERT, UPDATE, DELETE,
   DDL), sent through any Django database connection (the web, the Celery worker, a management
   command), moves the *generation* once its transaction commits. An answer is stored with the
   generation read *before* its view ran and served only while the generation is still that one,
   so a served answer is never older than the last committed write. Writes that bypass Django
   (psql by hand) are not seen; `manage.py migrate` moves the generation too. Signing in is not
   such a write: the session, last_login, django-axes' records and a new token are shown in no
   cached answer, and rule 3 checks the session on every hit (`_ANSWER_NEUTRAL`).
2. **The key is the caller's credentials.** An answer is stored under a keyed hash (BLAKE2b keyed
   from SECRET_KEY) of everything besides the database that it can depend on: path and query
   string, scheme, host, Accept, the Authorization header, the session and CSRF cookies. Nobody
   without the same credentials can reach another reader's answer; the credentials themselves are
   never stored in the cache.
3. **The credentials are checked again on every hit.** A token answer keeps the token's expiry;
   a session answer is served only while the session (itself read from the cache) still names the
   same user with the same password hash. Revoking, rotating or deactivating is a write (rule 1).

An answer also has to be from the same local day (pages count days to due dates), and lives at
most `CATALYST_RESPONSE_CACHE_SECONDS` (60 in production, 0 turns caching off): that bounds the one
thing that changes without a write, answers that depend on the clock within a day (the sessions
"from two hours ago on", the last 90 days of coaching time).

Never cached: anything but GET, answers other than 200, anonymous callers, answers that set a
cookie or change the session (a new CSRF secret, a sign-in), pages with a message waiting to be
shown. A cache that fails (Redis down) is logged and skipped: the view runs as if there were none.

Opt in per view: `cache_reads(view)` around a view function, `ActorMixin` for every API view
(its GET answers), `CachedChangelistMixin` for admin change lists.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import re
import time

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.http import HttpResponse
from django.urls import URLPattern

from people.selectors import organisation_today

logger = logging.getLogger(__name__)

GENERATION_KEY = "catalyst:responses:generation"
ENTRY_PREFIX = "catalyst:responses:"

# Statements that never change data. Anything else counts as a write (a false alarm only costs a
# cache miss); a WITH statement counts when it holds a data-changing verb.
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "PRAGMA", "EXPLAIN", "SHOW", "SET ", "VALUES")
_CHANGING_VERB = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
# Writes that no cached answer shows, and that a hit checks for itself, so they forget nothing:
# signing in must not empty everyone's cache. Sessions (a hit reads the session again, so a
# deleted or expired one is refused), django-axes' sign-in records (never in a cached answer),
# a new API token (nothing is cached under a key nobody has used) and `last_login` (shown
# nowhere). Deleting a token still forgets everything: its answers check only its expiry.
_ANSWER_NEUTRAL = re.compile(
    r'^\s*(?:(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"(?:django_session|axes_accessattempt|axes_accesslog|'
    r'axes_accessfailurelog)"'
    r'|INSERT\s+INTO\s+"authtoken_token"'
    r'|UPDATE\s+"auth_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE\s)',
    re.IGNORECASE,
)


def seconds() -> int:
    return settings.CATALYST_RESPONSE_CACHE_SECONDS


# --- forgetting: every committed write moves the generation ---------------------------------------


def is_write(sql) -> bool:
    """Whether `sql` can change what some cached answer would say."""
    text = sql if isinstance(sql, str) else str(sql)
    head = text[:16].lstrip().upper()
    if head.startswith(_READS):
        return False
    if head.startswith("WITH"):
        return bool(_CHANGING_VERB.search(text))
    return not _ANSWER_NEUTRAL.match(text)


def forget_all() -> None:
    """Move the generation: every stored answer stops being served."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet (or the cache was emptied): start an unpredictable one
            if not cache.add(GENERATION_KEY, time.time_ns(), timeout=None):
                cache.incr(GENERATION_KEY)
    except Exception:
        logger.exception("The response cache could not be emptied after a write; answers may be stale "
                         "for up to CATALYST_RESPONSE_CACHE_SECONDS.")


def _pending(connection) -> bool:
    return any(callback is forget_all for _savepoints, callback, *_ in connection.run_on_commit)


def written(connection) -> None:
    """A write went through `connection`: forget now, or when its transaction commits.

    Whatever CATALYST_RESPONSE_CACHE_SECONDS says in this process: a worker started with caching
    off must still tell the web processes that serve from the cache.
    """
    if connection.in_atomic_block:
        if not _pending(connection):  # once per transaction; a rolled-back savepoint drops it, so look again
            transaction.on_commit(forget_all, using=connection.alias, robust=True)
    else:
        forget_all()


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if is_write(sql):
        written(context["connection"])
    return result


def _watch(sender, connection, **kwargs) -> None:
    # First in the list: `connection.execute_wrapper()` blocks pop their own wrapper from the end,
    # and a connection can be opened inside one.
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch_writes)


def _after_migrate(sender, **kwargs) -> None:
    forget_all()


def install() -> None:
    """Watch every database connection for writes (from `PeopleConfig.ready`)."""
    from django.db import connections

    connection_created.connect(_watch, dispatch_uid="catalyst-response-cache")
    post_migrate.connect(_after_migrate, dispatch_uid="catalyst-response-cache")
    for connection in connections.all(initialized_only=True):
        _watch(None, connection)


# --- remembering: one keyed entry per reader and address ------------------------------------------


@functools.cache
def _hash_key(secret: str) -> bytes:
    return hashlib.blake2b(secret.encode(), digest_size=32, person=b"catalyst-cache").digest()


def entry_key(request) -> str:
    meta, cookies = request.META, request.COOKIES
    material = "\x1f".join((
        request.get_full_path(),
        meta.get("wsgi.url_scheme", ""),
        meta.get("HTTP_X_FORWARDED_PROTO", ""),
        meta.get("HTTP_HOST", ""),
        meta.get("HTTP_ACCEPT", ""),
        meta.get("HTTP_AUTHORIZATION", ""),
        cookies.get(settings.SESSION_COOKIE_NAME, ""),
        cookies.get(settings.CSRF_COOKIE_NAME, ""),
    ))
    digest = hashlib.blake2b(material.encode(), key=_hash_key(settings.SECRET_KEY), digest_size=20)
    return ENTRY_PREFIX + digest.hexdigest()


def _today() -> int:
    return organisation_today().toordinal()


def _credentials(request) -> tuple | None:
    """How this request was let in, in a form a later request can be checked against; None: don't keep."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if getattr(request, "auth", None) is not None:  # DRF authenticated a token
        expires_at = getattr(request, "auth_expires_at", None)
        return None if expires_at is None else ("token", expires_at)
    session = getattr(request, "session", None)
    if session is None or session.get(SESSION_KEY) is None:
        return None
    return ("session", session[SESSION_KEY], session.get(HASH_SESSION_KEY))


def _still_valid(credentials: tuple, request) -> bool:
    if credentials[0] == "token":
        return time.time() < credentials[1]
    session = request.session
    return session.get(SESSION_KEY) == credentials[1] and session.get(HASH_SESSION_KEY) == credentials[2]


def _keepable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False  # a cookie of its own (the CSRF cookie is judged by its secret, below)
    secret = request.META.get("CSRF_COOKIE")
    if secret is not None and secret != request.COOKIES.get(settings.CSRF_COOKIE_NAME):
        return False  # the page carries a token for a CSRF cookie the reader does not hold yet
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    return not (storage is not None and getattr(storage, "_queued_messages", None))


def _keep(request, response, key: str, generation: int) -> None:
    if not _keepable(request, response):
        return
    credentials = _credentials(request)
    if credentials is None:
        return
    lifetime = seconds()
    if credentials[0] == "token":
        lifetime = min(lifetime, int(credentials[1] - time.time()))
        if lifetime <= 0:
            return
    entry = (generation, _today(), credentials, response.status_code, tuple(response.items()), response.content)
    try:
        cache.set(key, entry, timeout=lifetime)
    except Exception:
        logger.warning("The response cache could not store an answer.", exc_info=True)


def _replay(entry) -> HttpResponse:
    return HttpResponse(entry[5], status=entry[3], headers=dict(entry[4]))


def _current_generation() -> int | None:
    try:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        return cache.get(GENERATION_KEY)
    except Exception:
        return None


def cache_reads(view):
    """Serve `view`'s GET answers from the per-reader cache (see the module's rules)."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method != "GET" or not seconds() or CookieStorage.cookie_name in request.COOKIES:
            return view(request, *args, **kwargs)
        key = entry_key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:
            logger.warning("The response cache is unavailable; answering without it.", exc_info=True)
            return view(request, *args, **kwargs)
        generation, entry = found.get(GENERATION_KEY), found.get(key)
        if (
            entry is not None
            and generation is not None
            and entry[0] == generation
            and entry[1] == _today()
            and _still_valid(entry[2], request)
        ):
            return _replay(entry)
        if generation is None:
            generation = _current_generation()
        response = view(request, *args, **kwargs)
        if generation is not None:
            if getattr(response, "is_rendered", True):
                _keep(request, response, key, generation)
            else:  # a TemplateResponse or DRF Response: keep it once rendered
                response.add_post_render_callback(lambda rendered: _keep(request, rendered, key, generation))
        return response

    return cached_view


class CachedChangelistMixin:
    """An admin whose change list (the list of rows, GET) is served from the per-reader cache."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return [
            URLPattern(url.pattern, cache_reads(url.callback), url.default_args, url.name)
            if isinstance(url, URLPattern) and url.name == name else url
            for url in super().get_urls()
        ]
