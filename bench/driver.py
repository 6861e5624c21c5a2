"""The load driver: a separate process that keeps a fixed number of clients busy on one URL.

Usage: `python bench/driver.py < spec.json > result.json`. Standard library only, so it runs
without Django and without anything installed. The spec (a JSON object):

    host, port            the server (loopback only)
    path                  the URL path to request, with its query string
    headers               extra request headers for every request (e.g. an API token)
    login                 null, or {"username", "password"}: each client signs in once through
                          the /accounts/login/ form (CSRF cookie and token) and then sends its
                          own session cookie
    concurrency           how many clients; each is a thread with its own keep-alive connection
    duration, warmup      seconds measured, after seconds of warm-up that are not recorded
    max_requests          a bound on the number of measured requests (all clients together)
    writer                null, or {"method", "path", "headers", "per_second"}: one more client
                          that sends that request at a steady rate for the whole run (warm-up
                          included), as other people writing while the clients read; its
                          requests are not counted in the figures, only reported as "writes"

Each client sends a request, reads the whole response, and sends the next one at once (a
closed loop: no think time), so the server is saturated and requests per second measure its
capacity at that concurrency. The result reports counts, statuses, requests per second and
latency percentiles in milliseconds.
"""
from __future__ import annotations

import http.client
import json
import re
import sys
import threading
import time
import urllib.parse

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    """One simulated user: a keep-alive connection and a cookie jar of name → value."""

    def __init__(self, host: str, port: int, headers: dict[str, str]):
        self.host, self.port = host, port
        self.headers = dict(headers)
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(host, port, timeout=30)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
        all_headers = {"Host": f"{self.host}:{self.port}", "Accept": "application/json, text/html", **self.headers}
        if headers:
            all_headers.update(headers)
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=all_headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            # The server closed a kept-alive connection: reconnect and let the caller count the error.
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, data

    def sign_in(self, username: str, password: str) -> None:
        """Sign in once through the login form, as a browser does: GET for the CSRF token, then POST."""
        status, page = self.request("GET", "/accounts/login/")
        match = CSRF_INPUT.search(page.decode("utf-8", "replace"))
        if status != 200 or not match or "csrftoken" not in self.cookies:
            raise RuntimeError(f"login page answered {status} without a CSRF token")
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)}
        ).encode()
        status, _ = self.request(
            "POST", "/accounts/login/", body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Referer": f"http://{self.host}:{self.port}/accounts/login/"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in as {username} failed (status {status})")

    def close(self) -> None:
        self.connection.close()


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return None
    rank = max(1, round(fraction * len(sorted_values) + 0.5 - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def run(spec: dict) -> dict:
    host, port = spec["host"], int(spec["port"])
    if host not in LOOPBACK:
        raise SystemExit("the driver only talks to the loopback interface")
    concurrency = int(spec.get("concurrency", 8))
    duration = float(spec.get("duration", 20))
    warmup = float(spec.get("warmup", 2))
    max_requests = int(spec.get("max_requests", 200_000))
    path = spec["path"]

    clients = [Client(host, port, spec.get("headers") or {}) for _ in range(concurrency)]
    login = spec.get("login")
    if login:
        for client in clients:
            client.sign_in(login["username"], login["password"])

    lock = threading.Lock()
    latencies: list[list[float]] = [[] for _ in clients]
    statuses: list[dict[int, int]] = [{} for _ in clients]
    errors = [0] * concurrency
    measured = [0]
    ready = threading.Barrier(concurrency + 1)
    timing: dict[str, float] = {}

    def work(index: int) -> None:
        client, mine, codes = clients[index], latencies[index], statuses[index]
        ready.wait()
        start_measuring, stop = timing["measure_from"], timing["stop"]
        while True:
            began = time.perf_counter()
            if began >= stop:
                return
            try:
                status, _ = client.request("GET", path)
            except (OSError, http.client.HTTPException, RuntimeError):
                if began >= start_measuring:
                    errors[index] += 1
                continue
            ended = time.perf_counter()
            if began < start_measuring:
                continue
            with lock:
                if measured[0] >= max_requests:
                    timing["stop"] = stop = min(stop, ended)
                    return
                measured[0] += 1
            mine.append(ended - began)
            codes[status] = codes.get(status, 0) + 1

    writer = spec.get("writer")
    written: dict[str, int] = {}

    def write() -> None:
        client = Client(host, port, writer.get("headers") or {})
        interval = 1 / float(writer["per_second"])
        ready.wait()
        next_at = time.perf_counter()
        try:
            while next_at < timing["stop"]:
                try:
                    status, _ = client.request(writer.get("method", "POST"), writer["path"], body=b"{}",
                                               headers={"Content-Type": "application/json"})
                    written[str(status)] = written.get(str(status), 0) + 1
                except (OSError, http.client.HTTPException):
                    written["error"] = written.get("error", 0) + 1
                next_at += interval
                time.sleep(max(0.0, next_at - time.perf_counter()))
        finally:
            client.close()

    if writer:
        ready = threading.Barrier(concurrency + 2)
    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(concurrency)]
    if writer:
        threads.append(threading.Thread(target=write, daemon=True))
    for thread in threads:
        thread.start()
    now = time.perf_counter()
    timing["measure_from"] = now + warmup
    timing["stop"] = now + warmup + duration
    ready.wait()
    for thread in threads:
        thread.join(timeout=warmup + duration + 60)
    ended_at = min(time.perf_counter(), timing["stop"])
    for client in clients:
        client.close()

    all_latencies = sorted(value for per_client in latencies for value in per_client)
    all_statuses: dict[str, int] = {}
    for per_client in statuses:
        for status, count in per_client.items():
            all_statuses[str(status)] = all_statuses.get(str(status), 0) + count
    window = max(1e-9, ended_at - timing["measure_from"])
    ok = sum(count for status, count in all_statuses.items() if status.startswith("2"))
    milliseconds = lambda value: None if value is None else round(value * 1000, 2)  # noqa: E731
    return {
        "path": path,
        "concurrency": concurrency,
        "seconds": round(window, 3),
        "requests": len(all_latencies),
        "ok": ok,
        "statuses": all_statuses,
        "errors": sum(errors),
        "rps": round(len(all_latencies) / window, 1),
        "median_ms": milliseconds(percentile(all_latencies, 0.50)),
        "p95_ms": milliseconds(percentile(all_latencies, 0.95)),
        "p99_ms": milliseconds(percentile(all_latencies, 0.99)),
        "max_ms": milliseconds(all_latencies[-1] if all_latencies else None),
        "writes": written or None,
    }


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
