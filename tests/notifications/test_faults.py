"""Faults lose nothing: a database blip, a dead broker or a failed 07:00 sweep still ends with every
reminder made and every email sent, exactly once."""
import datetime
import json
from base64 import b64decode
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import OperationalError
from django.utils import timezone
from freezegun import freeze_time
from kombu import pools as kombu_pools

from config.celery import app as celery_app
from devplans import reminders
from devplans.kinds import PlanNotification
from devplans.models import MilestoneStatus
from devplans.tasks import send_due_reminders
from notifications import services as notifications
from notifications.models import Notification, SweepRun
from notifications.tasks import requeue_pending_emails, send_notification_emails
from tests.factories import NotificationFactory
from tests.notifications.conftest import make_milestone, make_plan
from tests.redis_server import RedisServer, free_port

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 11, 24)  # a Tuesday
SWEEP = "devplans.tasks.send_due_reminders"


def aged(notification, minutes):
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=minutes))


# ---------------------------------------------------------------- emails on a database blip


def test_an_email_task_hit_by_a_database_blip_retries_and_sends(org):
    notification = NotificationFactory(recipient=org.rep, title="Late")
    assert OperationalError in send_notification_emails.autoretry_for
    real = notifications.render_email

    def blip_once(*args, **kwargs):
        blip_once.calls += 1
        if blip_once.calls == 1:
            raise OperationalError("the database system is shutting down")
        return real(*args, **kwargs)

    blip_once.calls = 0
    with mock.patch.object(notifications, "render_email", side_effect=blip_once):
        with pytest.raises((OperationalError, Retry)):
            send_notification_emails.delay([notification.pk])
    notification.refresh_from_db()
    assert notification.email_sent_at is None and notification.email_claimed_at is None  # claim released

    send_notification_emails.delay([notification.pk])  # the retry
    notification.refresh_from_db()
    assert notification.email_sent_at is not None
    assert len(mail.outbox) == 1


# ---------------------------------------------------------------- the periodic re-queue


def test_pending_emails_are_requeued_and_sent_once(org, settings):
    settings.CATALYST_EMAIL_REQUEUE_MINUTES = 10
    stranded = NotificationFactory(recipient=org.rep, title="Stranded by a dead broker")
    aged(stranded, 15)
    fresh = NotificationFactory(recipient=org.rep, title="Still on its way")  # its own task may be running
    aged(fresh, 2)
    claimed = NotificationFactory(recipient=org.rep, title="Being sent right now")
    aged(claimed, 15)
    assert notifications.notification_claim_email(notification_id=claimed.pk)
    abandoned = NotificationFactory(recipient=org.rep, title="Its worker died")
    aged(abandoned, 30)
    long_ago = timezone.now() - datetime.timedelta(seconds=notifications.EMAIL_CLAIM_SECONDS + 60)
    assert notifications.notification_claim_email(notification_id=abandoned.pk, now=long_ago)
    stale = NotificationFactory(recipient=org.rep, title="Three days old")
    aged(stale, 3 * 24 * 60)

    assert requeue_pending_emails.delay().get() == 2
    assert sorted(m.subject for m in mail.outbox) == ["Catalyst: Its worker died", "Catalyst: Stranded by a dead broker"]
    # Nothing is sent twice: the next run finds nothing left to do.
    assert requeue_pending_emails.delay().get() == 0
    assert len(mail.outbox) == 2


def test_the_requeue_runs_on_a_schedule(db):
    from django_celery_beat.models import PeriodicTask

    from insights.schedules import schedules_ensure

    schedules_ensure()
    task = PeriodicTask.objects.get(task="notifications.tasks.requeue_pending_emails")
    assert task.enabled and task.crontab.minute == "*/5"


# ---------------------------------------------------------------- a dead broker after the commit


def reset_broker_pools():
    """Forget every broker connection, so the next publish connects to the broker now configured."""
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def dead_broker():
    """Celery publishing for real to a broker nobody answers at; gives the RedisServer to start later."""
    server = RedisServer(port=free_port())
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, server.url
    reset_broker_pools()
    yield server
    server.stop()
    conf.task_always_eager, conf.broker_url = saved
    reset_broker_pools()


def queued_ids(client) -> list[int]:
    ids = []
    for raw in client.lrange("celery", 0, -1):
        message = json.loads(raw)
        args, _kwargs, _embed = json.loads(b64decode(message["body"]))
        ids.extend(args[0])
    return sorted(ids)


def test_a_committed_write_is_not_turned_into_an_error_by_a_dead_broker(
    api, org, dead_broker, settings, django_capture_on_commit_callbacks
):
    settings.CATALYST_EMAIL_REQUEUE_MINUTES = 0
    milestone = make_milestone(make_plan(org.rep), due_date=ON, status=MilestoneStatus.IN_PROGRESS)
    api.raise_request_exception = False

    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_person(org.rep).post(f"/api/v1/milestones/{milestone.pk}/submit/", {"evidence": "Done"})

    assert response.status_code == 200, response.content
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.SUBMITTED
    waiting = Notification.objects.get(recipient=org.manager)
    assert waiting.email_sent_at is None and not waiting.email_skipped  # pending, not lost

    # The broker comes back: the periodic re-queue puts the email on the queue.
    dead_broker.start()
    assert notifications.emails_requeue_pending() == 1
    assert queued_ids(dead_broker.client()) == [waiting.pk]


# ---------------------------------------------------------------- sweeps retry and catch up


@pytest.fixture
def due_in_a_week_of_each_day(org):
    plan = make_plan(org.rep)
    return {
        day: make_milestone(plan, due_date=ON + datetime.timedelta(days=7 - day), title=f"Due {7 - day} days after")
        for day in range(3)
    }


def test_a_scheduled_sweep_catches_up_on_the_days_it_missed(org, due_in_a_week_of_each_day, settings):
    SweepRun.objects.create(sweep=SWEEP, date=ON - datetime.timedelta(days=3), finished_at=timezone.now())

    with freeze_time("2026-11-24 07:00"):
        send_due_reminders.delay()

    runs = SweepRun.objects.filter(sweep=SWEEP).order_by("date")
    assert [run.date for run in runs] == [ON - datetime.timedelta(days=n) for n in (3, 2, 1, 0)]
    # The "due in 7 days" reminders of the two missed days were made, once each, dated for their day.
    # (A "due in 7 days" reminder's period is the due date: one per milestone, each made on its day.)
    week = Notification.objects.filter(kind=PlanNotification.MILESTONE_DUE_SOON).order_by("period")
    assert [n.period for n in week] == [(ON + datetime.timedelta(days=n)).isoformat() for n in (5, 6, 7)]

    with freeze_time("2026-11-24 07:05"):
        send_due_reminders.delay()  # a second beat, a redelivery: nothing new
    assert Notification.objects.filter(kind=PlanNotification.MILESTONE_DUE_SOON).count() == 3
    assert SweepRun.objects.get(sweep=SWEEP, date=ON).runs == 2


def test_catch_up_goes_back_at_most_the_configured_days(org, settings):
    settings.CATALYST_SWEEP_CATCH_UP_DAYS = 2
    SweepRun.objects.create(sweep=SWEEP, date=ON - datetime.timedelta(days=30), finished_at=timezone.now())
    with freeze_time("2026-11-24 07:00"):
        send_due_reminders.delay()
    assert sorted(SweepRun.objects.filter(sweep=SWEEP).values_list("date", flat=True))[1:] == [
        ON - datetime.timedelta(days=2), ON - datetime.timedelta(days=1), ON,
    ]


def test_a_sweep_hit_by_a_database_blip_retries_and_its_reminders_come(org, due_in_a_week_of_each_day):
    assert OperationalError in send_due_reminders.autoretry_for and send_due_reminders.max_retries
    real = reminders.sweep

    def blip_once(**kwargs):
        blip_once.calls += 1
        if blip_once.calls == 1:
            raise OperationalError("could not serialize access")
        return real(**kwargs)

    blip_once.calls = 0
    with mock.patch.object(reminders, "sweep", side_effect=blip_once):
        with pytest.raises((OperationalError, Retry)):
            send_due_reminders.delay(date=ON.isoformat())
        assert not SweepRun.objects.exists()  # the failed run left nothing behind
        send_due_reminders.delay(date=ON.isoformat())  # the retry

    assert SweepRun.objects.get(sweep=SWEEP).date == ON
    assert Notification.objects.filter(kind=PlanNotification.MILESTONE_DUE_SOON).count() == 1
