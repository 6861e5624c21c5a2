"""How a reminder sweep runs, whichever app owns it: for one organisation-local date, in one transaction.

A sweep is idempotent by the reminders' natural key, so running it again for a date, or for a date
it missed, creates only what is still missing. Each finished run is recorded as a SweepRun row; the
scheduled run (no date given) first catches up on the dates since the last finished one, at most
CATALYST_SWEEP_CATCH_UP_DAYS back, so a failed 07:00 run or a beat that could not reach the broker
does not lose that day's "due in 7 days" and "due tomorrow" reminders.
"""
from __future__ import annotations

import datetime
import os
import time
from collections import Counter
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F, Max
from django.utils import timezone

from common.time import organisation_today
from notifications.models import SweepRun

#: How a sweep task retries a transient fault (the database restarting, a lock held too long): with
#: backoff, from the start of the date that failed (each date is one transaction).
SWEEP_TASK_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 15,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 12,
}


def sweep_date(date: str | None) -> datetime.date:
    """The local date a sweep is for: the given ISO date, or today in the organisation's time zone."""
    return datetime.date.fromisoformat(date) if date else organisation_today()


def sweep_dates_due(name: str, *, today: datetime.date | None = None) -> list[datetime.date]:
    """The dates the scheduled sweep `name` runs for now: those missed since its last finished run
    (at most CATALYST_SWEEP_CATCH_UP_DAYS, oldest first), then today."""
    today = today or organisation_today()
    last = SweepRun.objects.filter(sweep=name, date__lte=today).aggregate(last=Max("date"))["last"]
    if last is None:
        return [today]
    earliest = max(last + datetime.timedelta(days=1), today - datetime.timedelta(days=settings.CATALYST_SWEEP_CATCH_UP_DAYS))
    missed = [earliest + datetime.timedelta(days=n) for n in range((today - earliest).days)]
    return [*missed, today]


def run_sweep(sweep: Callable[..., dict[str, int]], *, name: str | None = None, **kwargs) -> dict[str, int]:
    """Run a reminder sweep in one transaction, so a worker killed half way leaves nothing behind and
    the redelivered task starts over. With a `name`, the finished run is recorded (SweepRun) in the
    same transaction. CATALYST_SWEEP_TEST_DELAY (seconds) slows it for the integration tests that
    kill a worker mid-sweep."""
    delay = float(os.environ.get("CATALYST_SWEEP_TEST_DELAY", "0") or 0)
    with transaction.atomic():
        result = sweep(**kwargs)
        if delay:
            time.sleep(delay)
        if name is not None:
            record_sweep_run(name, on=kwargs["on"], created=result)
    return result


def record_sweep_run(name: str, *, on: datetime.date, created: dict[str, int]) -> None:
    now = timezone.now()
    runs = SweepRun.objects.filter(sweep=name, date=on)
    if runs.update(finished_at=now, created=created, runs=F("runs") + 1):
        return
    try:
        with transaction.atomic():
            SweepRun.objects.create(sweep=name, date=on, finished_at=now, created=created)
    except IntegrityError:  # a concurrent run of the same sweep recorded the date first
        runs.update(finished_at=now, created=created, runs=F("runs") + 1)


def run_scheduled_sweep(
    name: str, sweep: Callable[..., dict[str, int]], *, date: str | None = None, **kwargs
) -> dict[str, int]:
    """A sweep as a task runs it: for `date` when given, else for every date due (sweep_dates_due).
    Each date is its own transaction: a failure keeps the dates already done, and the retry resumes."""
    dates = [sweep_date(date)] if date else sweep_dates_due(name)
    created: Counter = Counter()
    for on in dates:
        created.update(run_sweep(sweep, name=name, on=on, **kwargs))
    return dict(created)
