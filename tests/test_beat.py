"""One beat sends the schedule: a second beat, started by mistake, waits on the lock and sends nothing,
and takes over (rereading the schedule) when the first one stops. Real Redis, real publishing."""
import json
import time

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from kombu import pools as kombu_pools

from config.beat import WAIT_SECONDS, LockedDatabaseScheduler
from config.celery import app as celery_app
from tests.redis_server import RedisServer

# Committed data: the scheduler closes stale database connections between ticks, as beat does.
pytestmark = pytest.mark.django_db(transaction=True)


def reset_broker_pools():
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker():
    server = RedisServer().start()
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, server.url
    reset_broker_pools()
    yield server
    conf.task_always_eager, conf.broker_url = saved
    reset_broker_pools()
    server.stop()


def sent(server) -> list[str]:
    return [json.loads(raw)["headers"]["task"] for raw in server.client().lrange("celery", 0, -1)]


def run_for(scheduler, seconds=1.6):
    """Tick as beat's loop does, for a little longer than the 1-second interval."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(max(0, min(scheduler.tick(), 0.05)))


def test_a_second_beat_sends_nothing_until_the_first_stops(broker):
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="Re-queue (test)", task="notifications.tasks.requeue_pending_emails", interval=every_second
    )
    first = LockedDatabaseScheduler(app=celery_app)
    second = LockedDatabaseScheduler(app=celery_app)

    run_for(first)
    once = sent(broker).count("notifications.tasks.requeue_pending_emails")
    assert once >= 1

    assert second.tick() == WAIT_SECONDS  # waits on the lock…
    run_for(second)
    assert sent(broker).count("notifications.tasks.requeue_pending_emails") == once  # …and sends nothing

    first.close()  # the first beat stops: its lock goes with it
    run_for(second)
    assert second.holding
    assert sent(broker).count("notifications.tasks.requeue_pending_emails") > once
    second.close()


def test_a_beat_without_redis_sends_nothing_and_says_so(broker, caplog):
    beat = LockedDatabaseScheduler(app=celery_app)
    broker.stop()
    assert beat.tick() == WAIT_SECONDS
    assert "sending nothing" in caplog.text
