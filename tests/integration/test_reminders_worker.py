"""Reminders through a real broker and a real worker: exactly once, even when the worker is killed.

Needs CATALYST_INTEGRATION=1, DATABASE_URL at PostgreSQL and REDIS_URL at a Redis the test may
purge. The worker is a subprocess pointed at pytest-django's test database (the data this test
commits), with a short visibility timeout so a killed worker's message comes back within seconds.
"""
from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.environ.get("CATALYST_INTEGRATION") != "1", reason="set CATALYST_INTEGRATION=1"),
]

ROOT = Path(__file__).resolve().parents[2]
ON = datetime.date(2026, 11, 24)
VISIBILITY_TIMEOUT = 12
PEOPLE = 150


def worker_env(*, sweep_delay: float = 0) -> dict[str, str]:
    url = urlsplit(os.environ["DATABASE_URL"])
    test_db = settings.DATABASES["default"]["NAME"]
    env = dict(os.environ)
    env.update(
        DATABASE_URL=urlunsplit(url._replace(path=f"/{test_db}")),
        DJANGO_SETTINGS_MODULE="config.settings.test",
        CATALYST_REAL_BROKER="1",
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        CATALYST_SWEEP_TEST_DELAY=str(sweep_delay),
        PYTHONUNBUFFERED="1",
    )
    return env


def start_worker(tmp_path: Path, name: str, *, sweep_delay: float = 0) -> subprocess.Popen:
    celery = Path(sys.executable).with_name("celery")
    log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [str(celery), "-A", "config", "worker", "--pool", "prefork", "--concurrency", "2", "--loglevel", "INFO",
         "--hostname", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=worker_env(sweep_delay=sweep_delay), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_for(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def queue_idle(client) -> bool:
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


@pytest.fixture
def broker(settings):
    """The real broker for this test: tasks go through Redis, not in-process."""
    from config.celery import app

    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with app.connection_for_write() as conn:
        client = conn.default_channel.client
        client.delete("celery", "unacked", "unacked_index")
        yield app, client
        client.delete("celery", "unacked", "unacked_index")
    app.conf.task_always_eager = True


@pytest.fixture
def workload(transactional_db, org):
    """Many people with milestones due tomorrow and overdue, committed so the worker sees them."""
    from tests.factories import PersonFactory
    from tests.notifications.conftest import make_milestone, make_plan

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    for _ in range(PEOPLE):
        plan = make_plan(PersonFactory(manager=org.manager))
        make_milestone(plan, due_date=ON + datetime.timedelta(days=1))
        make_milestone(plan, due_date=ON - datetime.timedelta(days=2))
    from devplans.reminders import candidates

    return {reminder.natural_key for reminder in candidates(on=ON)}


def notification_keys() -> list[tuple]:
    from notifications.models import Notification

    return list(Notification.objects.values_list("recipient_id", "kind", "subject_key", "period"))


@pytest.mark.django_db(transaction=True)
def test_worker_sweeps_exactly_once_and_survives_kill_9(tmp_path, broker, workload):
    from devplans.tasks import send_due_reminders
    from notifications.models import Notification

    app, client = broker
    expected = workload
    assert len(expected) == PEOPLE * 3

    # 1. A sweep through the broker creates every reminder and sends every email.
    worker = start_worker(tmp_path, "first")
    try:
        send_due_reminders.delay(ON.isoformat())
        wait_for(lambda: len(notification_keys()) >= len(expected), timeout=40, what="the first sweep")
        wait_for(lambda: not Notification.objects.filter(email_sent_at__isnull=True).exists(), timeout=40,
                 what="the emails")
        # 2. Twice more, one of them racing: nothing new.
        send_due_reminders.delay(ON.isoformat())
        send_due_reminders.delay(ON.isoformat())
        time.sleep(1)
        wait_for(lambda: queue_idle(client), timeout=30, what="the repeat sweeps")
        keys = notification_keys()
        assert len(keys) == len(set(keys)) == len(expected)
        assert set(keys) == expected
    finally:
        stop(worker)

    # 3. kill -9 in the middle of a (slowed-down) sweep, then restart: all of them, once.
    Notification.objects.all().delete()
    slow = start_worker(tmp_path, "killed", sweep_delay=30)
    try:
        send_due_reminders.delay(ON.isoformat())
        wait_for(lambda: client.hlen("unacked") == 1, timeout=30, what="the worker to take the sweep")
        time.sleep(3)  # inside the sweep's transaction now
    finally:
        stop(slow, signal.SIGKILL)
    assert notification_keys() == []  # its transaction died with it
    assert client.hlen("unacked") == 1  # the message was never acknowledged

    time.sleep(VISIBILITY_TIMEOUT + 1)  # past the visibility timeout: the broker hands it out again
    restarted = start_worker(tmp_path, "restarted")
    try:
        wait_for(lambda: len(notification_keys()) >= len(expected), timeout=60, what="the redelivered sweep")
        wait_for(lambda: queue_idle(client), timeout=30, what="the queue to drain")
        time.sleep(1)
        keys = notification_keys()
        assert len(keys) == len(set(keys)) == len(expected)
        assert set(keys) == expected
        wait_for(lambda: not Notification.objects.filter(email_sent_at__isnull=True).exists(), timeout=40,
                 what="the emails after the restart")
    finally:
        stop(restarted)
