"""The zero-install default under real use: SQLite, gunicorn (2 workers x 4 threads), a worker and beat.

Eight demo people write through the API at once for CATALYST_LOAD_SECONDS (default 60) — reps add,
start and submit milestones, managers decide them and log coaching sessions, everyone adds agenda
items, reads their reminders and opens pages — while beat fires both reminder sweeps every few
seconds. Nothing may answer 5xx, every sweep must succeed at its first try (and be recorded as a
SweepRun), "database is locked" must appear in no log, and every write that was answered 2xx must
be in the database afterwards.

Nothing here uses the integration tier's PostgreSQL: the processes get a SQLite file and an
embedded Redis (the virtualenv's redis-server, as `make run` starts it) of their own.
"""
from __future__ import annotations

import datetime
import itertools
import json
import os
import random
import sqlite3
import threading
import time
import traceback
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
import redis

from tests.integration.processes import (
    Client,
    Processes,
    Stats,
    clean_env,
    free_port,
    percentile,
    task_events,
    wait_for,
    wait_until_ready,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.environ.get("CATALYST_INTEGRATION") != "1", reason="set CATALYST_INTEGRATION=1"),
]

LOAD_SECONDS = float(os.environ.get("CATALYST_LOAD_SECONDS", "60"))
# More people than the demo's eleven, so that each sweep has real work (and a real write lock to hold).
LOAD_PEOPLE = int(os.environ.get("CATALYST_LOAD_PEOPLE", "300"))
SWEEP_EVERY_SECONDS = 5
SWEEPS = {"devplans.tasks.send_due_reminders": {}, "coaching.tasks.send_cadence_reminders": {"digest": False}}
REPS = ["ava", "ben", "dev", "eli", "fay"]
MANAGERS = ["marco", "sam", "vera"]
PASSWORD = "demo"
# A healthy run makes at least this many requests (and writes) per second, all clients together.
# Far below what a laptop does; a run that gets stuck behind the write lock stays under it.
MIN_REQUESTS_PER_SECOND = 5
MIN_WRITES_PER_SECOND = 1

TODAY = datetime.datetime.now(ZoneInfo("Europe/London")).date()

SCHEDULE_SWEEPS = """
import json
from django_celery_beat.models import IntervalSchedule, PeriodicTask, PeriodicTasks
every, _ = IntervalSchedule.objects.get_or_create(every={every}, period=IntervalSchedule.SECONDS)
for task, kwargs in json.loads({sweeps!r}).items():
    PeriodicTask.objects.update_or_create(
        name="Load test: " + task, defaults=dict(task=task, interval=every, kwargs=json.dumps(kwargs), enabled=True)
    )
PeriodicTasks.update_changed()
"""


class Ledger:
    """What the server said it wrote (2xx), to look for in the database afterwards."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ids: dict[str, set[int]] = defaultdict(set)

    def add(self, what: str, identifier: int) -> None:
        with self.lock:
            self.ids[what].add(identifier)


def ok(response) -> bool:
    return 200 <= response.status < 300


def results(response) -> list[dict]:
    return response.json()["results"] if ok(response) else []


class Person(threading.Thread):
    """One demo person working through the API (token) and the pages (session) until the deadline."""

    def __init__(self, username: str, *, port: int, stats: Stats, ledger: Ledger, deadline: float):
        super().__init__(name=f"client-{username}", daemon=True)
        self.username = username
        self.api = Client(port, stats=stats)
        self.browser = Client(port, stats=stats)
        self.stats = stats
        self.ledger = ledger
        self.deadline = deadline
        self.rng = random.Random(username)
        self.numbers = itertools.count(1)
        self.problems: list[str] = []

    # --- the loop -----------------------------------------------------------------------------

    def run(self) -> None:
        try:
            self.api.api_token(self.username, PASSWORD)
            self.browser.sign_in(self.username, PASSWORD)
            self.me = self.api.get("/api/v1/me/").json()
            self.setup()
        except Exception:
            self.problems.append(f"{self.username} could not start:\n{traceback.format_exc()}")
            return
        actions, weights = zip(*self.actions(), strict=True)
        while time.monotonic() < self.deadline:
            action = self.rng.choices(actions, weights)[0]
            try:
                action()
            except Exception:
                # A transport error is already counted in the stats; anything else is a bug here or a
                # response that did not have the documented shape. Both fail the test; keep going.
                self.problems.append(f"{self.username}, {action.__name__}:\n{traceback.format_exc(limit=3)}")

    def setup(self) -> None:
        pass

    def actions(self) -> list[tuple]:
        raise NotImplementedError

    # --- shared by everyone ---------------------------------------------------------------------

    def read_notifications(self) -> None:
        for notification in results(self.api.get("/api/v1/notifications/?unread=true"))[:3]:
            self.api.post(f"/api/v1/notifications/{notification['id']}/read/")

    def add_agenda_item(self, sessions: list[dict] | None = None) -> None:
        if sessions is None:
            sessions = [s for s in results(self.api.get("/api/v1/coaching/sessions/")) if s["status"] == "scheduled"]
        if not sessions:
            return
        session = self.rng.choice(sessions)
        response = self.api.post(f"/api/v1/coaching/sessions/{session['id']}/agenda/",
                                 {"text": f"{self.username}: point {next(self.numbers)}"})
        if response.status == 201:
            self.ledger.add("agenda_items", response.json()["id"])


class Rep(Person):
    def actions(self):
        return [(self.milestone_cycle, 4), (self.rework, 1), (self.add_agenda_item, 2),
                (self.read_notifications, 2), (self.open_pages, 2)]

    def active_plan(self) -> dict | None:
        """The rep's active plan; on the way, submits a draft or starts a plan when there is none."""
        plans = results(self.api.get(f"/api/v1/plans/?person={self.me['id']}"))
        by_status = defaultdict(list)
        for plan in plans:
            by_status[plan["status"]].append(plan)
        if by_status["active"]:
            return by_status["active"][0]
        if by_status["draft"]:
            self.api.post(f"/api/v1/plans/{by_status['draft'][0]['id']}/submit/")
        elif not by_status["pending_approval"]:
            created = self.api.post("/api/v1/plans/", {
                "ambition": "professional_progress", "summary": "Grow into a bigger territory",
                "start_date": TODAY.isoformat(), "target_date": (TODAY + datetime.timedelta(days=180)).isoformat(),
            })
            if created.status == 201:
                self.ledger.add("plans", created.json()["id"])
                self.api.post(f"/api/v1/plans/{created.json()['id']}/submit/")
        return None

    def milestone_cycle(self) -> None:
        plan = self.active_plan()
        if plan is None:
            return
        start, target = (datetime.date.fromisoformat(plan[name]) for name in ("start_date", "target_date"))
        due = min(max(TODAY + datetime.timedelta(days=self.rng.choice([1, 7, 14])), start), target)
        created = self.api.post(f"/api/v1/plans/{plan['id']}/milestones/", {
            "title": f"{self.username} load milestone {next(self.numbers)}", "due_date": due.isoformat(),
            "kind": self.rng.choice(["stretch_assignment", "case_study", "lead_project"]),
        })
        if created.status != 201:
            return
        milestone = created.json()["id"]
        self.ledger.add("milestones", milestone)
        if ok(self.api.post(f"/api/v1/milestones/{milestone}/start/")):
            if ok(self.api.post(f"/api/v1/milestones/{milestone}/submit/", {"evidence": "Done, see the deck."})):
                self.ledger.add("submitted", milestone)

    def rework(self) -> None:
        plan = self.active_plan()
        for milestone in (plan or {}).get("milestones", []):
            if milestone["status"] == "changes_requested":
                self.api.post(f"/api/v1/milestones/{milestone['id']}/submit/", {"evidence": "Reworked."})
                return

    def open_pages(self) -> None:
        for path in ("/plans/mine/", "/notifications/"):
            self.browser.get(path, kind="page")


class Manager(Person):
    def setup(self) -> None:
        self.reports = [row["person"] for row in results(self.api.get("/api/v1/coaching/cadence/"))]

    def actions(self):
        return [(self.decide, 4), (self.approve_plans, 1), (self.log_session, 3), (self.add_agenda_item, 1),
                (self.read_notifications, 2), (self.open_pages, 2)]

    def decide(self) -> None:
        for milestone in results(self.api.get("/api/v1/approvals/"))[:4]:
            if self.rng.random() < 0.75:
                if ok(self.api.post(f"/api/v1/milestones/{milestone['id']}/approve/", {"comment": "Well done."})):
                    self.ledger.add("approved", milestone["id"])
            else:
                self.api.post(f"/api/v1/milestones/{milestone['id']}/request-changes/",
                              {"comment": "Add the customer's numbers."})

    def approve_plans(self) -> None:
        for plan in results(self.api.get("/api/v1/plans/?status=pending_approval"))[:3]:
            self.api.post(f"/api/v1/plans/{plan['id']}/approve/")

    def log_session(self) -> None:
        if not self.reports:
            return
        held = self.rng.random() < 0.5
        when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=-2 if held else 24 * self.rng.randint(1, 20))
        created = self.api.post("/api/v1/coaching/sessions/", {
            "coachee": self.rng.choice(self.reports), "scheduled_at": when.isoformat(),
            "kind": self.rng.choice(["weekly_1on1", "monthly_deep_dive"]),
            "conversation": self.rng.choice(["mastery", "deal_review", "leadership"]),
        })
        if created.status != 201:
            return
        session = created.json()
        self.ledger.add("sessions", session["id"])
        self.add_agenda_item([session])
        if held:
            self.api.post(f"/api/v1/coaching/sessions/{session['id']}/hold/",
                          {"shared_notes": "Walked through the pipeline.", "private_notes": "Ready for more."})

    def open_pages(self) -> None:
        self.browser.get("/team/", kind="page")
        self.api.get("/api/v1/coaching/cadence/")


def in_database(path, table: str, ids: set[int], where: str = "") -> set[int]:
    if not ids:
        return set()
    with sqlite3.connect(path) as database:
        marks = ",".join("?" * len(ids))
        query = f"SELECT id FROM {table} WHERE id IN ({marks}) {where}"
        return {row[0] for row in database.execute(query, sorted(ids))}


def sweep_runs(path) -> dict[str, int]:
    """How many finished runs of each load-test sweep the database recorded (SweepRun), over all dates."""
    with sqlite3.connect(path) as database:
        rows = database.execute("SELECT sweep, SUM(runs) FROM notifications_sweeprun GROUP BY sweep").fetchall()
    return {sweep: count for sweep, count in rows if sweep in SWEEPS}


def report(stats: Stats, seconds: float, sweeps: dict[str, int]) -> str:
    every, writes = stats.latencies(), stats.latencies("write")
    slowest = sorted(stats.records, key=lambda record: record[3])[-3:][::-1]
    lines = [
        f"SQLite load: {len(every)} requests in {seconds:.0f}s ({len(every) / seconds:.1f}/s), "
        f"{len(writes)} writes ({len(writes) / seconds:.1f}/s), {stats.count('page')} page views",
        f"  latency p50 {percentile(every, 0.5) * 1000:.0f} ms, p95 {percentile(every, 0.95) * 1000:.0f} ms, "
        f"max {every[-1] * 1000 if every else 0:.0f} ms; writes p95 {percentile(writes, 0.95) * 1000:.0f} ms",
        "  slowest: " + ", ".join(f"{route} {seconds * 1000:.0f} ms" for _, route, _, seconds in slowest),
        f"  by status: {dict(sorted(stats.by_status().items()))}",
        f"  5xx: {dict(stats.server_errors()) or 0}; transport errors: {dict(stats.failures) or 0}",
        "  sweeps succeeded: " + ", ".join(f"{name.rsplit('.', 1)[-1]} {count}" for name, count in sweeps.items()),
    ]
    return "\n".join(lines)


def test_sqlite_default_holds_eight_writers_while_worker_and_beat_sweep(tmp_path):
    database = tmp_path / "catalyst.sqlite3"
    redis_port, web_port = free_port(), free_port()
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{database}",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        DEMO_PASSWORD=PASSWORD,
        # The emails go through the worker as usual, into files rather than into the worker's log.
        EMAIL_URL=f"filemail:///{tmp_path / 'mail'}",
    )
    stats, ledger = Stats(), Ledger()
    with Processes(tmp_path, env) as processes:
        processes.redis(redis_port)
        processes.manage("migrate", "--noinput", "-v", "0")
        processes.manage("seed_demo", *(["--people", str(LOAD_PEOPLE)] if LOAD_PEOPLE else []))
        processes.manage("shell", "-c", SCHEDULE_SWEEPS.format(every=SWEEP_EVERY_SECONDS, sweeps=json.dumps(SWEEPS)))
        web = processes.gunicorn("web", web_port, workers=2, threads=4)
        worker = processes.worker(concurrency=2)
        wait_until_ready(web=[(web, web_port)], worker=worker)
        beat = processes.beat()
        wait_until_ready(beat=beat)

        started = time.monotonic()
        deadline = started + LOAD_SECONDS
        people = [Rep(name, port=web_port, stats=stats, ledger=ledger, deadline=deadline) for name in REPS]
        people += [Manager(name, port=web_port, stats=stats, ledger=ledger, deadline=deadline) for name in MANAGERS]
        for person in people:
            person.start()
        for person in people:
            person.join(timeout=LOAD_SECONDS + 120)
        elapsed = time.monotonic() - started
        assert not any(person.is_alive() for person in people), "a client is still waiting for an answer"

        # No new sweeps from here on; let the worker finish what beat and the writes queued.
        processes.stop(beat)
        broker = redis.Redis(port=redis_port)
        wait_for(lambda: broker.llen("celery") == 0 and broker.hlen("unacked") == 0, timeout=120,
                 what="the worker to drain the queue")
        processes.stop(worker)
        processes.stop(web)

    worker_log, beat_log, web_log = worker.text(), beat.text(), web.text()
    events = task_events(worker_log)
    sent_by_beat = {task: beat_log.count(f"({task})") for task in SWEEPS}
    succeeded = {task: len(events.get(task, {}).get("succeeded", set())) for task in SWEEPS}
    print("\n" + report(stats, elapsed, succeeded) + f"; SweepRun runs recorded: {sweep_runs(database)}")

    assert not stats.server_errors(), f"5xx answers: {dict(stats.server_errors())}\n{web.tail()}"
    assert not stats.failures, f"requests without an answer: {dict(stats.failures)}\n{web.tail()}"
    problems = [problem for person in people for problem in person.problems]
    assert not problems, f"{len(problems)} client problem(s); the first:\n" + "\n".join(problems[:3])
    for name, log in (("worker", worker_log), ("beat", beat_log), ("web", web_log)):
        assert "database is locked" not in log, f"the {name} log says 'database is locked'"
    assert len(stats.records) >= MIN_REQUESTS_PER_SECOND * LOAD_SECONDS, "too few requests for a healthy run"
    assert stats.count("write") >= MIN_WRITES_PER_SECOND * LOAD_SECONDS, "too few writes for a healthy run"

    # Every sweep beat sent reached the worker and succeeded; none raised or was retried.
    expected_sweeps = LOAD_SECONDS // SWEEP_EVERY_SECONDS // 2
    for task in SWEEPS:
        seen = events.get(task, {})
        received, done = seen.get("received", set()), seen.get("succeeded", set())
        assert sent_by_beat[task] >= expected_sweeps, f"beat sent {task} only {sent_by_beat[task]} times"
        assert len(received) == sent_by_beat[task], f"{task}: beat sent {sent_by_beat[task]}, worker got {len(received)}"
        assert done == received, f"{task}: {len(received - done)} of {len(received)} sweeps did not succeed"
        assert not seen.get("raised") and not seen.get("retry"), f"{task} raised or was retried"
    raised = {task: len(seen["raised"]) for task, seen in events.items() if seen.get("raised")}
    assert not raised, f"tasks raised in the worker: {raised}\n" + worker.tail()
    # ... and each of those runs was recorded as finished (one SweepRun row per date, counting its runs).
    recorded = sweep_runs(database)
    assert recorded == succeeded, f"sweep runs recorded {recorded}, succeeded in the worker {succeeded}"

    # Nothing answered 2xx and then went missing.
    for what, table, where in (
        ("milestones", "devplans_milestone", ""),
        ("plans", "devplans_developmentplan", ""),
        ("sessions", "coaching_coachingsession", ""),
        ("agenda_items", "coaching_agendaitem", ""),
        ("approved", "devplans_milestone", "AND status = 'approved'"),
    ):
        missing = ledger.ids[what] - in_database(database, table, ledger.ids[what], where)
        assert not missing, f"{len(missing)} of {len(ledger.ids[what])} {what} answered 2xx but are not in the database"
    assert ledger.ids["milestones"] and ledger.ids["approved"] and ledger.ids["agenda_items"], dict(ledger.ids)
