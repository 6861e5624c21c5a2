"""A PostgreSQL restart while a worker sends reminder emails loses none and sends none twice.

Needs CATALYST_INTEGRATION=1 and CATALYST_PG_RESTART: the shell command that restarts the
integration tier's PostgreSQL (`.ci/run` sets it). The worker sends to a file backend, one email per task so
that the restart lands in the middle (the test checks it did); the database errors it meets are
retried, claims it could not release expire (shortened to a few seconds here), and the periodic
re-queue — run here by the test, as beat would every five minutes — picks up what was stranded.
"""
from __future__ import annotations

import email
import os
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from tests.integration.processes import Processes, clean_env, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        os.environ.get("CATALYST_INTEGRATION") != "1" or not os.environ.get("CATALYST_PG_RESTART"),
        reason="set CATALYST_INTEGRATION=1 and CATALYST_PG_RESTART",
    ),
]

EMAILS = 300
CLAIM_SECONDS = 4


def sent_messages(mail: Path) -> list[str]:
    """The recipients of every message the file backend wrote (one file may hold many)."""
    recipients = []
    for path in mail.iterdir() if mail.is_dir() else []:
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if chunk.strip():
                recipients.append(email.message_from_string(chunk.strip())["To"])
    return recipients


def db_answers() -> bool:
    try:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - still restarting
        return False


@pytest.fixture
def real_broker():
    """This process queues through the integration tier's Redis too (the unit tier runs tasks in-process)."""
    from kombu import pools

    from config.celery import app

    conf = app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, os.environ["REDIS_URL"]
    pools.reset()
    app._pool = app.amqp._producer_pool = None
    yield
    conf.task_always_eager, conf.broker_url = saved
    pools.reset()
    app._pool = app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_a_database_restart_mid_send_loses_no_email(tmp_path, real_broker):
    import redis

    from notifications.models import Notification
    from notifications.services import EMAIL_BATCH_SIZE
    from tests.factories import NotificationFactory, PersonFactory

    people = [PersonFactory(email=f"rep{n}@example.com") for n in range(EMAILS // 10)]
    ids = [NotificationFactory(recipient=people[n % len(people)], title=f"Reminder {n}").pk for n in range(EMAILS)]
    broker = redis.Redis.from_url(os.environ["REDIS_URL"])
    broker.delete("celery", "unacked", "unacked_index")

    mail = tmp_path / "mail"
    url = urlsplit(os.environ["DATABASE_URL"])
    env = clean_env(
        # Local settings: the test settings would keep the emails in the worker's memory.
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=urlunsplit(url._replace(path=f"/{settings.DATABASES['default']['NAME']}")),
        REDIS_URL=os.environ["REDIS_URL"],
        EMAIL_URL=f"filemail:///{mail}",
        CATALYST_EMAIL_CLAIM_SECONDS=str(CLAIM_SECONDS),
        CATALYST_EMAIL_REQUEUE_MINUTES="0",
    )
    with Processes(tmp_path, env) as processes:
        worker = processes.worker(concurrency=2)
        wait_for(lambda: "ready" in worker.text(), timeout=60, what="the worker to start")

        from notifications.tasks import send_notification_emails

        # One email per task, so the restart cuts through many of them.
        for notification_id in ids:
            send_notification_emails.delay([notification_id])
        assert EMAIL_BATCH_SIZE >= 1
        wait_for(lambda: len(sent_messages(mail)) >= 20, timeout=60, what="the first emails")

        pending_at_restart = EMAILS - len(sent_messages(mail))
        subprocess.run(os.environ["CATALYST_PG_RESTART"], shell=True, check=True, timeout=120)  # noqa: S602
        wait_for(db_answers, timeout=60, what="PostgreSQL to answer again")

        def all_sent() -> bool:
            connection.close()
            pending = Notification.objects.filter(email_sent_at__isnull=True, email_skipped=False).count()
            if pending:
                # What beat's five-minute re-queue does, sooner; claims left by the restart have expired.
                time.sleep(CLAIM_SECONDS)
                from notifications.services import emails_requeue_pending

                emails_requeue_pending()
            return pending == 0

        wait_for(all_sent, timeout=240, what="every email to be sent after the restart", every=1)
        wait_for(lambda: broker.llen("celery") == 0 and broker.hlen("unacked") == 0, timeout=120,
                 what="the queue to drain")
        log = worker.text()

    recipients = sent_messages(mail)
    print(f"\ndatabase restart: {len(recipients)} emails for {EMAILS} notifications, {pending_at_restart} "
          f"still to send at the restart; {log.count('Retry in')} task retries")
    assert pending_at_restart > 0, "the restart came after the last email: the test proved nothing"
    assert len(recipients) == EMAILS, "an email was lost or sent twice"
    assert "Retry in" in log or "OperationalError" in log, "the restart should have hit the worker"
