"""Run Catalyst the way it is deployed (gunicorn, a Celery worker, beat, Redis) and talk to it over HTTP.

Shared by the integration tests that start real processes. Every process gets its own session
(process group) and log file; `Processes` stops them all, children included, even when a test
fails: SIGTERM to the group, then SIGKILL to whatever is left. The HTTP client is the standard
library's, one connection per request, so a failure is always the server's, never a stale
keep-alive connection's.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
# Variables of the test run that must not leak into the processes under test, which are configured
# only by what each test passes (a stray DJANGO_SETTINGS_MODULE or DATABASE_URL would change them).
PRIVATE_PREFIXES = ("DJANGO_", "CATALYST_", "CELERY_", "AXES_")
PRIVATE_NAMES = {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DEMO_PASSWORD", "SENTRY_DSN", "PYTEST_CURRENT_TEST"}


def clean_env(**values: str) -> dict[str, str]:
    """The environment of a process under test: this one's, minus Catalyst's settings, plus `values`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(PRIVATE_PREFIXES) and name not in PRIVATE_NAMES
    }
    env.update(PYTHONUNBUFFERED="1", **values)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float, what: str, every: float = 0.2):
    """The predicate's first truthy value; AssertionError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(every)


def redis_ping(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.text().splitlines()[-lines:])

    def alive(self) -> bool:
        return self.popen.poll() is None


class Processes:
    """The processes of one test. Use as a context manager: leaving it stops every one of them."""

    def __init__(self, logs: Path, env: dict[str, str]):
        self.logs = logs
        self.env = env
        self.started: list[Process] = []

    def __enter__(self) -> Processes:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop_all()

    def start(self, name: str, argv: list[str], *, env: dict[str, str] | None = None) -> Process:
        log = self.logs / f"{name}.log"
        with open(log, "w") as out:
            popen = subprocess.Popen(
                argv, cwd=ROOT, env=env or self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        process = Process(name, popen, log)
        self.started.append(process)
        return process

    def run(self, name: str, argv: list[str], *, timeout: float = 300) -> str:
        """Run a command to completion (migrate, seed_demo, ...); its output, or AssertionError with it."""
        log = self.logs / f"{name}.log"
        result = subprocess.run(argv, check=False, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout)
        log.write_text(result.stdout + result.stderr)
        assert result.returncode == 0, f"{' '.join(argv[:3])} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        return result.stdout

    def manage(self, *args: str, timeout: float = 300) -> str:
        return self.run(f"manage-{args[0]}", [sys.executable, "manage.py", *args], timeout=timeout)

    def stop(self, process: Process, *, grace: float = 20) -> None:
        """SIGTERM to the process group (gunicorn's and the worker's children too), then SIGKILL."""
        popen = process.popen
        if popen.poll() is None:
            _signal_group(popen.pid, signal.SIGTERM)
            try:
                popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        # Children may outlive a leader that has exited: the group gets SIGKILL either way.
        _signal_group(popen.pid, signal.SIGKILL)
        if popen.poll() is None:
            popen.wait(timeout=10)

    def stop_all(self) -> None:
        for process in reversed(self.started):
            try:
                self.stop(process)
            except Exception as error:  # keep stopping the others
                print(f"could not stop {process.name}: {error!r}", file=sys.stderr)

    # --- the commands, as the Procfile and the deployment kit run them -------------------------

    def redis(self, port: int, *, binary: Path | str = BIN / "redis-server") -> Process:
        process = self.start("redis", [str(binary), "--port", str(port), "--bind", HOST, "--save", "",
                                       "--appendonly", "no", "--loglevel", "warning"])
        wait_for(lambda: redis_ping(port), timeout=20, what="Redis to answer")
        return process

    def gunicorn(self, name: str, port: int, *, workers: int = 2, threads: int = 4) -> Process:
        # No control socket: by default every gunicorn on the host opens the same one in $HOME, so two
        # web processes (or two test runs) would take it from each other.
        return self.start(name, [str(BIN / "gunicorn"), "config.wsgi", "-w", str(workers), "--threads", str(threads),
                                 "-k", "gthread", "-b", f"{HOST}:{port}", "--error-logfile", "-",
                                 "--no-control-socket"])

    def worker(self, name: str = "worker", *, concurrency: int = 2) -> Process:
        return self.start(name, [str(BIN / "celery"), "-A", "config", "worker", "--loglevel", "INFO",
                                 "--concurrency", str(concurrency), "--hostname", f"{name}@%h",
                                 "--without-gossip", "--without-mingle"])

    def beat(self, name: str = "beat") -> Process:
        # The settings name the DatabaseScheduler; the pid file goes where the test's logs go.
        return self.start(name, [str(BIN / "celery"), "-A", "config", "beat", "--loglevel", "INFO",
                                 "--pidfile", str(self.logs / f"{name}.pid")])


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def wait_until_ready(*, web: list[tuple[Process, int]] = (), worker: Process | None = None,
                     beat: Process | None = None, timeout: float = 60) -> None:
    """Each web process answers /healthz/ with 200, the worker is ready, beat has started."""
    for process, port in web:
        def healthy(process=process, port=port) -> bool:
            assert process.alive(), f"{process.name} exited:\n{process.tail()}"
            try:
                return Client(port).get("/healthz/").status == 200
            except OSError:
                return False
        wait_for(healthy, timeout=timeout, what=f"{process.name} to answer /healthz/ with 200")
    if worker is not None:
        def worker_ready() -> bool:
            assert worker.alive(), f"{worker.name} exited:\n{worker.tail()}"
            return " ready." in worker.text()
        wait_for(worker_ready, timeout=timeout, what="the worker to be ready")
    if beat is not None:
        def beat_started() -> bool:
            assert beat.alive(), f"{beat.name} exited:\n{beat.tail()}"
            return "beat: Starting..." in beat.text()
        wait_for(beat_started, timeout=timeout, what="beat to start")


# --- the worker's log ---------------------------------------------------------------------------

TASK_LINE = re.compile(r"Task (?P<task>[\w.]+)\[(?P<id>[0-9a-f-]{36})\] (?P<event>received|succeeded|raised|retry)")


def task_events(log_text: str) -> dict[str, dict[str, set[str]]]:
    """{task name: {"received" | "succeeded" | "raised" | "retry": {task ids}}} from a worker's INFO log."""
    events: dict[str, dict[str, set[str]]] = {}
    for match in TASK_LINE.finditer(log_text):
        events.setdefault(match["task"], {}).setdefault(match["event"], set()).add(match["id"])
    return events


# --- HTTP ---------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)


@dataclass
class Stats:
    """What a load run did, request by request, shared by its client threads."""

    records: list[tuple[str, str, int, float]] = field(default_factory=list)  # (kind, route, status, seconds)
    failures: Counter = field(default_factory=Counter)  # transport errors and client bugs, by description
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, route: str, status: int, seconds: float) -> None:
        with self.lock:
            self.records.append((kind, route, status, seconds))

    def fail(self, what: str) -> None:
        with self.lock:
            self.failures[what] += 1

    def by_status(self) -> Counter:
        return Counter(status for _, _, status, _ in self.records)

    def server_errors(self) -> Counter:
        return Counter(f"{status} {route}" for _, route, status, _ in self.records if status >= 500)

    def count(self, kind: str | None = None) -> int:
        return sum(1 for record in self.records if kind is None or record[0] == kind)

    def latencies(self, kind: str | None = None) -> list[float]:
        return sorted(seconds for record_kind, _, _, seconds in self.records if kind is None or record_kind == kind)


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))]


ID_IN_PATH = re.compile(r"/\d+/")


class Client:
    """One user agent: its cookies, optional API token and fixed headers; a new connection per request."""

    def __init__(self, port: int, *, headers: dict[str, str] | None = None, stats: Stats | None = None,
                 timeout: float = 60):
        self.port = port
        self.headers = dict(headers or {})
        self.cookies: dict[str, str] = {}
        self.token: str | None = None
        self.stats = stats
        self.timeout = timeout

    @property
    def origin(self) -> str:
        scheme = "https" if self.headers.get("X-Forwarded-Proto") == "https" else "http"
        return f"{scheme}://{HOST}:{self.port}"

    def request(self, method: str, path: str, *, data: dict | None = None, form: dict | None = None,
                headers: dict[str, str] | None = None, kind: str | None = None) -> Response:
        sent = {"Host": f"{HOST}:{self.port}", "Connection": "close", **self.headers, **(headers or {})}
        body = None
        if data is not None:
            body = json.dumps(data).encode()
            sent["Content-Type"] = "application/json"
        elif form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.token and path.startswith("/api/"):
            sent["Authorization"] = f"Token {self.token}"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        route = ID_IN_PATH.sub("/{id}/", path.split("?", 1)[0])
        kind = kind or ("read" if method == "GET" else "write")
        started = time.monotonic()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            payload = answer.read()
        except (OSError, http.client.HTTPException) as error:
            if self.stats is not None:
                self.stats.fail(f"{type(error).__name__} on {method} {route}")
            raise
        finally:
            connection.close()
        response = Response(answer.status, answer.headers, payload, time.monotonic() - started)
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if self.stats is not None:
            self.stats.add(kind, f"{method} {route}", response.status, response.seconds)
        return response

    def get(self, path: str, **options) -> Response:
        return self.request("GET", path, **options)

    def post(self, path: str, data: dict | None = None, **options) -> Response:
        return self.request("POST", path, data={} if data is None else data, **options)

    def api_token(self, username: str, password: str) -> str:
        """Sign in to the API (POST /api/v1/auth/token/); waits out the sign-in throttle if it answers 429."""
        for _ in range(10):
            response = self.post("/api/v1/auth/token/", {"username": username, "password": password}, kind="sign-in")
            if response.status != 429:
                break
            time.sleep(float(response.headers.get("Retry-After") or 5))
        assert response.status == 200, f"token for {username}: {response.status} {response.text[:300]}"
        self.token = response.json()["token"]
        return self.token

    def sign_in(self, username: str, password: str) -> Response:
        """Sign in through the login page, as a browser does: the form's CSRF token, then the POST."""
        page = self.get("/accounts/login/", kind="page")
        assert page.status == 200, f"login page: {page.status}"
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert csrf, "no CSRF token on the login page"
        response = self.request(
            "POST", "/accounts/login/", kind="sign-in",
            form={"csrfmiddlewaretoken": csrf[1], "username": username, "password": password, "next": "/"},
            headers={"Origin": self.origin, "Referer": f"{self.origin}/accounts/login/"},
        )
        assert response.status == 302 and "sessionid" in self.cookies, (
            f"sign-in as {username}: {response.status} {response.text[:300]}"
        )
        return response

    def csrf_headers(self) -> dict[str, str]:
        """What a page's script sends with a session-authenticated API write."""
        return {"X-CSRFToken": self.cookies["csrftoken"], "Origin": self.origin, "Referer": f"{self.origin}/"}
