"""Scaling out on shared services: two web processes, one worker pool and one beat on PostgreSQL and Redis.

Nothing stands in front of the two gunicorn processes (each on its own port, with production
settings): a session made on one works on the other, a write on one is read on the other, the
emails of those writes are sent by the worker, and beat's sweeps reach the worker.

Needs CATALYST_INTEGRATION=1, DATABASE_URL at PostgreSQL and REDIS_URL at a Redis whose queue the
test may purge. The processes use pytest-django's test database (seeded with `seed_demo` under
production settings, so the passwords are hashed as in production); the test reads it back.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.conf import settings
from django.db import connection

from tests.integration.processes import (
    Client,
    Processes,
    clean_env,
    free_port,
    task_events,
    wait_for,
    wait_until_ready,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.environ.get("CATALYST_INTEGRATION") != "1", reason="set CATALYST_INTEGRATION=1"),
]

PASSWORD = "demo"
SWEEP = "devplans.tasks.send_due_reminders"
# Over plain HTTP, as a TLS-terminating proxy would forward it: production settings trust this header.
BEHIND_TLS = {"X-Forwarded-Proto": "https"}


def production_env(mail: Path) -> dict[str, str]:
    url = urlsplit(os.environ["DATABASE_URL"])
    test_database = settings.DATABASES["default"]["NAME"]
    return clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=urlunsplit(url._replace(path=f"/{test_database}")),
        REDIS_URL=os.environ["REDIS_URL"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        EMAIL_URL=f"filemail:///{mail}",
        DEMO_PASSWORD=PASSWORD,
    )


@pytest.fixture
def broker_queue():
    """The shared Redis's Celery queue, empty before and after (nothing of another test's runs here),
    and no beat lease left by a beat another test killed (this test's beat would wait it out)."""
    from config.beat import LOCK_KEY

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.delete("celery", "unacked", "unacked_index", LOCK_KEY)
    yield client
    client.delete("celery", "unacked", "unacked_index", LOCK_KEY)


def email_sent(*, recipient: str, subject_key: str):
    from notifications.models import Notification

    return Notification.objects.filter(
        recipient__user__username=recipient, subject_key=subject_key, email_sent_at__isnull=False
    ).first()


def mailed(mail: Path, text: str) -> bool:
    return mail.is_dir() and any(text in path.read_text(errors="replace") for path in mail.iterdir())


@pytest.mark.django_db(transaction=True)
def test_two_web_processes_share_sessions_and_data_with_one_worker_and_one_beat(tmp_path, broker_queue):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from devplans.models import Milestone, MilestoneStatus

    mail = tmp_path / "mail"
    port_a, port_b = free_port(), free_port()
    with Processes(tmp_path, production_env(mail)) as processes:
        processes.manage("seed_demo")
        processes.manage("collectstatic", "--noinput", "-v", "0")
        broker_queue.delete("celery", "unacked", "unacked_index")
        every_two_seconds, _ = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
        PeriodicTask.objects.create(name="Shared services: sweep", task=SWEEP, interval=every_two_seconds)

        web_a = processes.gunicorn("web-a", port_a, workers=2, threads=2)
        web_b = processes.gunicorn("web-b", port_b, workers=2, threads=2)
        worker = processes.worker("worker", concurrency=2)
        beat = processes.beat()
        wait_until_ready(web=[(web_a, port_a), (web_b, port_b)], worker=worker, beat=beat)

        # 1. A session made on A works on B: the page shows the signed-in person.
        ava_on_a = Client(port_a, headers=BEHIND_TLS)
        ava_on_a.sign_in("ava", PASSWORD)
        ava_on_b = Client(port_b, headers=BEHIND_TLS)
        anonymous = ava_on_b.get("/plans/mine/")
        assert anonymous.status == 302 and anonymous.headers["Location"].startswith("/accounts/login/")
        ava_on_b.cookies = dict(ava_on_a.cookies)
        me = ava_on_b.get("/api/v1/me/")
        assert me.status == 200 and me.json()["username"] == "ava", me.text[:300]
        page = ava_on_b.get("/plans/mine/")
        assert page.status == 200, page.status
        assert me.json()["full_name"] in page.text

        # 2. A write on A (token from A) is read on B.
        api_a = Client(port_a, headers=BEHIND_TLS)
        api_a.api_token("ava", PASSWORD)
        plan = api_a.get("/api/v1/plans/?status=active").json()["results"][0]
        milestone = next(m for m in plan["milestones"] if m["status"] == "in_progress")
        submitted = api_a.post(f"/api/v1/milestones/{milestone['id']}/submit/", {"evidence": "Deck shared."})
        assert submitted.status == 200 and submitted.json()["status"] == "submitted", submitted.text[:300]
        read_on_b = ava_on_b.get(f"/api/v1/milestones/{milestone['id']}/")
        assert read_on_b.status == 200 and read_on_b.json()["status"] == "submitted"

        # 3. The manager signs in on B and decides on A with that session (CSRF and all).
        marco_on_b = Client(port_b, headers=BEHIND_TLS)
        marco_on_b.sign_in("marco", PASSWORD)
        marco_on_a = Client(port_a, headers=BEHIND_TLS)
        marco_on_a.cookies = dict(marco_on_b.cookies)
        queue = marco_on_a.get("/api/v1/approvals/")
        assert milestone["id"] in [m["id"] for m in queue.json()["results"]]
        approved = marco_on_a.post(f"/api/v1/milestones/{milestone['id']}/approve/", {"comment": "Strong work."},
                                   headers=marco_on_a.csrf_headers())
        assert approved.status == 200 and approved.json()["status"] == "approved", approved.text[:300]
        assert ava_on_b.get(f"/api/v1/milestones/{milestone['id']}/").json()["status"] == "approved"
        assert Milestone.objects.get(pk=milestone["id"]).status == MilestoneStatus.APPROVED

        # 4. The worker sent both writes' emails: to the manager on submit, to the rep on the decision.
        subject = f"milestone:{milestone['id']}"
        wait_for(lambda: email_sent(recipient="marco", subject_key=subject), timeout=60,
                 what="the worker to email the submit to the manager")
        wait_for(lambda: email_sent(recipient="ava", subject_key=subject), timeout=60,
                 what="the worker to email the decision to the rep")
        wait_for(lambda: mailed(mail, milestone["title"]), timeout=30, what="the emails' files")

        # 5. Beat's schedule reaches the one worker pool.
        wait_for(lambda: task_events(worker.text()).get(SWEEP, {}).get("succeeded"), timeout=60,
                 what="a sweep sent by beat to succeed in the worker")
        assert f"({SWEEP})" in beat.text()

        processes.stop(beat)
        processes.stop(worker)
        processes.stop(web_a)
        processes.stop(web_b)

    events = task_events(worker.text())
    raised = {task: len(seen["raised"]) for task, seen in events.items() if seen.get("raised")}
    assert not raised, f"tasks raised in the worker: {raised}\n{worker.tail()}"
    for web in (web_a, web_b):
        assert "Internal Server Error" not in web.text(), web.tail()
        assert "Traceback" not in web.text(), web.tail()
