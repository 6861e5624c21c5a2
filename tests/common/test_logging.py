"""Logs and errors: every line names its request and user, and none holds a secret or a private note."""
from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.app.task import Context
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import include, path
from django.utils.log import AdminEmailHandler

from common.logging import (
    JsonFormatter,
    RequestContextFilter,
    TextFormatter,
    admins_from_env,
    current_request_id,
    log_format_from_env,
    request_context,
    sentry_before_send,
    task_context_bind,
    task_context_release,
    task_publish_add_request_id,
)
from config.celery import app as celery_app
from people.services import api_token_issue
from tests.factories import PersonFactory

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "Corr3ct-Horse-Battery"
PRIVATE_NOTE = "Thinking about moving her to another territory."
QUERY_SECRET = "query-secret-4f1d"


def explode(request):
    raise RuntimeError("the view failed")


# `@pytest.mark.urls(__name__)`: the project's routes plus a view that fails.
urlpatterns = [path("explode/", explode), path("", include("config.urls"))]


@celery_app.task(name="tests.common.log_a_line")
def log_a_line() -> None:
    logging.getLogger("tests.task").info("inside the task")


@pytest.fixture
def log_output():
    """`log_output("json")`: everything any logger writes from here on, at DEBUG, through the configured
    console handler (its filter and the named format) into a buffer."""
    root = logging.getLogger()
    console = next(handler for handler in root.handlers if handler.name == "console")
    saved = (console.stream, console.formatter, root.level)
    buffer = io.StringIO()

    def start(log_format: str = "json") -> io.StringIO:
        console.setStream(buffer)
        console.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
        root.setLevel(logging.DEBUG)
        return buffer

    yield start
    console.setStream(saved[0])
    console.setFormatter(saved[1])
    root.setLevel(saved[2])


def json_lines(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def access_lines(buffer: io.StringIO) -> list[dict]:
    return [line for line in json_lines(buffer) if line["logger"] == "catalyst.access"]


# --- request ids --------------------------------------------------------------------------------

def test_each_response_names_a_new_request_id(client):
    first = client.get("/healthz/")["X-Request-ID"]
    second = client.get("/healthz/")["X-Request-ID"]

    assert len(first) == 32 and first != second


def test_a_plain_incoming_request_id_is_kept(client):
    assert client.get("/healthz/", headers={"X-Request-ID": "lb-7f3a.9c_2-1"})["X-Request-ID"] == "lb-7f3a.9c_2-1"


@pytest.mark.parametrize("forged", ["two words", "a" * 65, "id\nFAKE LOG LINE", "-leading-dash", "<script>"])
def test_an_incoming_request_id_that_is_not_a_plain_token_is_replaced(client, forged):
    answered = client.get("/healthz/", headers={"X-Request-ID": forged})["X-Request-ID"]

    assert answered != forged and len(answered) == 32


# --- the lines ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_access_line_has_time_level_ids_method_path_status_and_duration(api, log_output):
    person = PersonFactory()
    buffer = log_output("json")

    response = api.as_person(person).get("/api/v1/me/?page=1", headers={"X-Request-ID": "req-42"})

    (line,) = access_lines(buffer)
    assert response.status_code == 200
    assert line["time"].endswith("Z") and line["time"][10] == "T"
    assert line["level"] == "INFO"
    assert line["request_id"] == "req-42"
    assert line["user_id"] == str(person.user.pk)
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/v1/me/", 200)
    assert isinstance(line["duration_ms"], int)
    assert line["message"] == f"GET /api/v1/me/ 200 {line['duration_ms']}ms"


@pytest.mark.django_db
def test_a_signed_in_page_names_the_user_and_an_anonymous_one_does_not(client, log_output):
    person = PersonFactory()
    buffer = log_output("json")

    client.get("/accounts/login/")
    client.force_login(person.user)
    client.get("/")

    anonymous, signed_in = access_lines(buffer)
    assert anonymous["user_id"] == "-"
    assert signed_in["user_id"] == str(person.user.pk)


@pytest.mark.django_db
def test_every_line_of_a_request_carries_its_id_also_in_text(client, log_output):
    buffer = log_output("text")

    client.get("/no-such-page/", headers={"X-Request-ID": "req-404"})

    # The access line, then Django's "Not Found" (written after the middleware answered).
    access, not_found = buffer.getvalue().splitlines()
    assert " INFO catalyst.access request_id=req-404 user_id=- GET /no-such-page/ 404 " in access
    assert not_found.endswith(" WARNING django.request request_id=req-404 user_id=- Not Found: /no-such-page/")
    assert not_found[:24].endswith("Z") and not_found[10] == "T"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_is_logged_with_its_request_id_and_traceback(log_output):
    buffer = log_output("json")

    Client(raise_request_exception=False).get("/explode/", headers={"X-Request-ID": "req-500"})

    (error,) = [line for line in json_lines(buffer) if line["level"] == "ERROR"]
    assert (error["logger"], error["message"], error["status"]) == ("django.request", "Internal Server Error: /explode/", 500)
    assert error["request_id"] == "req-500"
    assert error["exception"].endswith("RuntimeError: the view failed")

@pytest.mark.django_db
def test_a_calendar_token_in_the_path_is_masked_in_every_line(client, log_output):
    buffer = log_output("json")

    client.get("/calendar/feed-token-5be2c0.ics")

    output = buffer.getvalue()
    assert "feed-token-5be2c0" not in output
    assert access_lines(buffer)[0]["path"] == "/calendar/[masked].ics"


@pytest.mark.django_db
@pytest.mark.parametrize("log_format", ["json", "text"])
def test_no_token_password_private_note_cookie_or_query_string_reaches_any_log_line(api, client, org, log_output, log_format):
    """A token in the Authorization header, a password in a POST (form and JSON), a private note in a
    body, the session cookie and a query string: none of them is in anything logged at any level."""
    org.manager.user.set_password(PASSWORD)
    org.manager.user.save(update_fields=["password"])
    token = api_token_issue(user=org.manager.user)
    buffer = log_output(log_format)

    client.post("/accounts/login/", {"username": org.manager.user.username, "password": PASSWORD})
    session_cookie = client.cookies["sessionid"].value
    Client().post("/accounts/login/", {"username": org.manager.user.username, "password": PASSWORD + "-wrong"})
    issued = api.post("/api/v1/auth/token/", {"username": org.manager.user.username, "password": PASSWORD}, format="json")
    api.post("/api/v1/auth/token/", {"username": "nobody", "password": PASSWORD}, format="json")
    with_token = Client(headers={"Authorization": f"Token {token.key}"})
    me = with_token.get(f"/api/v1/me/?token={QUERY_SECRET}")
    created = with_token.post(
        "/api/v1/coaching/sessions/",
        {"coachee": org.rep.pk, "kind": "weekly_1on1", "scheduled_at": "2030-01-07T10:00:00Z", "private_notes": PRIVATE_NOTE},
        content_type="application/json",
    )
    with_token.get(f"/no-such-page/?token={QUERY_SECRET}")

    assert issued.status_code == me.status_code == 200 and created.status_code == 201
    output = buffer.getvalue()
    assert output.count("catalyst.access") == 7
    for secret in (PASSWORD, token.key, issued.json()["token"], session_cookie, PRIVATE_NOTE, QUERY_SECRET):
        assert secret not in output


# --- Celery -------------------------------------------------------------------------------------

def task_request(**attributes) -> Context:
    return Context({"is_eager": False, **attributes})


def worker_runs(task_id: str, request: Context, log_output) -> dict:
    """What a worker's task_prerun / task_postrun do around a task, and the task's one log line."""
    buffer = log_output("json")
    task = type("Task", (), {"request": request})()
    task_context_bind(task_id=task_id, task=task)
    logging.getLogger("tests.task").info("inside the task")
    task_context_release(task=task)
    (line,) = json_lines(buffer)
    return line


def test_a_task_queued_by_a_request_logs_with_that_requests_id(rf, log_output):
    headers = {}
    with request_context(rf.get("/"), "req-queued"):
        task_publish_add_request_id(headers=headers)

    line = worker_runs("task-1", task_request(**headers), log_output)

    assert headers == {"catalyst_request_id": "req-queued"}
    assert (line["request_id"], line["task_id"], line["user_id"]) == ("req-queued", "task-1", "-")
    assert current_request_id() == "-"  # the worker's context is clean for the next task


def test_a_task_nobody_queued_from_a_request_logs_with_its_own_id(log_output):
    headers = {}
    task_publish_add_request_id(headers=headers)  # beat, or a management command

    line = worker_runs("task-2", task_request(**headers), log_output)

    assert headers == {}
    assert (line["request_id"], line["task_id"]) == ("task-2", "task-2")


def test_a_forged_request_id_in_a_message_is_not_used(log_output):
    line = worker_runs("task-3", task_request(catalyst_request_id="x\ny"), log_output)

    assert line["request_id"] == "task-3"


def test_a_task_run_in_process_keeps_the_callers_request_id(rf, log_output):
    buffer = log_output("json")

    with request_context(rf.get("/"), "req-eager"):
        log_a_line.delay()
        after = current_request_id()

    (line,) = [line for line in json_lines(buffer) if line["logger"] == "tests.task"]
    assert line["request_id"] == "req-eager" and line["task_id"]
    assert after == "req-eager"


def test_worker_and_beat_log_through_django_logging():
    from celery import signals

    assert any("use_django_logging" in repr(receiver) for receiver in signals.setup_logging.receivers)


# --- settings -----------------------------------------------------------------------------------

def test_admins_come_from_a_list_of_addresses():
    assert admins_from_env('Ann Lee <ann@example.com>, "Ops, night" <ops@example.com>,dev@example.com,') == [
        ("Ann Lee", "ann@example.com"),
        ("Ops, night", "ops@example.com"),
        ("", "dev@example.com"),
    ]
    assert admins_from_env("") == admins_from_env("  ") == []


@pytest.mark.parametrize("value", ["Ann Lee", "ann@", "<>", "a@b c@d", "ann@example.com; bob@example.com"])
def test_admins_that_are_not_addresses_refuse_to_start(value):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ADMINS"):
        admins_from_env(value)


def test_the_log_format_is_json_or_text():
    assert log_format_from_env(" JSON ") == "json"
    with pytest.raises(ImproperlyConfigured, match="DJANGO_LOG_FORMAT"):
        log_format_from_env("xml")


def test_the_development_servers_errors_reach_the_log_without_their_query_string(log_output):
    """runserver's own lines: Django's defaults send them nowhere but the bare last-resort handler."""
    buffer = log_output("text")

    logging.getLogger("django.server").error('"%s" %s %s', f"GET /no-such-page/?token={QUERY_SECRET} HTTP/1.1", "500", "12")

    (line,) = buffer.getvalue().splitlines()
    assert line.endswith(' ERROR django.server request_id=- user_id=- "GET /no-such-page/ HTTP/1.1" 500 12')


def test_development_and_tests_log_readable_lines_and_mail_nobody(settings):
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "text"
    assert settings.ADMINS == []
    assert settings.LOGGING["loggers"]["django.request"]["handlers"] == []
    assert settings.MIDDLEWARE[0] == "common.middleware.RequestIdMiddleware"


PROBE = """
import json, logging, sys
import django
django.setup()
console = logging.getLogger().handlers[0]
import sentry_sdk  # only now, to look at it
client = sentry_sdk.get_client()
print(json.dumps({
    "sentry_imported_by_settings": SENTRY_IMPORTED,
    "sentry_active": client.is_active(),
    "options": {key: client.options.get(key) for key in ("send_default_pii", "include_local_variables", "max_request_body_size", "environment", "release")},
    "integrations": sorted(client.integrations) if client.is_active() else [],
    "formatter": type(console.formatter).__name__,
    "admins": __import__("django.conf").conf.settings.ADMINS,
    "request_handlers": [type(h).__name__ for h in logging.getLogger("django.request").handlers],
}))
""".replace("django.setup()", "django.setup()\nSENTRY_IMPORTED = 'sentry_sdk' in sys.modules")


def run_production(**environment: str) -> dict:
    inherited = {
        name: value for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "CATALYST_", "SENTRY_", "DATABASE_URL", "REDIS_URL"))
    }
    completed = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        env={
            **inherited,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "logging-test-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "catalyst.example",
            "DATABASE_URL": "postgres://catalyst:secret@127.0.0.1:5432/catalyst",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            **environment,
        },
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_production_without_a_dsn_neither_imports_nor_starts_sentry_and_logs_json():
    probe = run_production()

    assert probe["sentry_imported_by_settings"] is False
    assert probe["sentry_active"] is False
    assert probe["formatter"] == "JsonFormatter"
    assert probe["admins"] == [] and probe["request_handlers"] == []


def test_production_with_a_dsn_and_admins_starts_sentry_without_personal_data_and_mails_admins():
    probe = run_production(
        SENTRY_DSN="https://public@sentry.example.invalid/1", SENTRY_ENVIRONMENT="staging", SENTRY_RELEASE="1.4.2",
        DJANGO_ADMINS="Ops <ops@example.com>", DJANGO_LOG_FORMAT="text",
    )

    assert probe["sentry_active"] is True
    assert probe["options"] == {
        "send_default_pii": False, "include_local_variables": False, "max_request_body_size": "never",
        "environment": "staging", "release": "1.4.2",
    }
    assert {"django", "celery"} <= set(probe["integrations"])
    assert probe["formatter"] == "TextFormatter"
    assert probe["admins"] == [["Ops", "ops@example.com"]]
    assert probe["request_handlers"] == ["AdminEmailHandler"]


def test_a_sentry_event_keeps_no_query_string_body_cookie_or_credential(rf):
    event = {
        "request": {
            "url": "https://catalyst.example/calendar/feed-token-5be2c0.ics?token=abc",
            "query_string": "token=abc",
            "data": {"private_notes": PRIVATE_NOTE},
            "cookies": {"sessionid": "s"},
            "headers": {"Authorization": "Token t", "Cookie": "sessionid=s", "User-Agent": "probe"},
        },
    }
    with request_context(rf.get("/"), "req-sentry"):
        sent = sentry_before_send(event, {})

    assert sent["request"] == {"url": "https://catalyst.example/calendar/[masked].ics", "headers": {"User-Agent": "probe"}}
    assert sent["tags"] == {"request_id": "req-sentry"}


# --- error emails -------------------------------------------------------------------------------

@pytest.fixture
def mail_admins(settings):
    """The mail_admins handler as settings configure it when DJANGO_ADMINS is set."""
    settings.ADMINS = [("Ops", "ops@example.com")]
    configured = settings.LOGGING["handlers"]["mail_admins"]
    handler = AdminEmailHandler(reporter_class=configured["reporter_class"])
    handler.setLevel(configured["level"])
    handler.setFormatter(TextFormatter())
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield
    logger.removeHandler(handler)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_error_is_mailed_to_admins_with_its_request_id_and_without_private_data(mail_admins):
    person = PersonFactory()
    client = Client(raise_request_exception=False, headers={"Authorization": "Token header-secret-77"})
    client.force_login(person.user)

    response = client.post(
        f"/explode/?token={QUERY_SECRET}", {"password": PASSWORD, "private_notes": PRIVATE_NOTE},
        headers={"X-Request-ID": "req-500"},
    )

    assert response.status_code == 500
    (message,) = mail.outbox
    assert message.to == ["ops@example.com"]
    assert "Internal Server Error: /explode/" in message.subject
    assert "request_id=req-500" in message.body
    assert "Exception Type: RuntimeError at /explode/\nException Value: the view failed" in message.body
    assert f"USER: id {person.user.pk}" in message.body
    for secret in (PASSWORD, PRIVATE_NOTE, QUERY_SECRET, "header-secret-77", client.cookies["sessionid"].value):
        assert secret not in message.subject + message.body
    assert "password = '********************'" in message.body


@pytest.mark.django_db
def test_a_not_found_page_is_not_mailed(client, mail_admins):
    client.get("/no-such-page/")

    assert mail.outbox == []
