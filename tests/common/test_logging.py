"""Logs and errors: every line names its request and user, and none holds a secret or a private note."""
from __future__ import annotations

import io
import json
import logging

import pytest
from celery.app.task import Context
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import include, path
from rest_framework.authtoken.models import Token

from common.logging import (
    JsonFormatter,
    TextFormatter,
    current_request_id,
    log_format_from_env,
    request_context,
    task_context_bind,
    task_context_release,
    task_publish_add_request_id,
)
from config.celery import app as celery_app
from tests.factories import PersonFactory

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
    token = Token.objects.create(user=org.manager.user)
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

def test_the_log_format_is_json_or_text():
    assert log_format_from_env(" JSON ") == "json"
    with pytest.raises(ImproperlyConfigured, match="DJANGO_LOG_FORMAT"):
        log_format_from_env("xml")


def test_development_and_tests_log_readable_lines(settings):
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "text"
    assert settings.MIDDLEWARE[0] == "common.middleware.RequestIdMiddleware"
