"""Celery tasks of the devplans app. Idempotent: safe to run twice, concurrently or redelivered."""
from __future__ import annotations

import datetime

from celery import shared_task


def sweep_date(date: str | None) -> datetime.date:
    """The local date a sweep is for: the given ISO date, or today in the organisation's time zone."""
    from common.time import organisation_today

    return datetime.date.fromisoformat(date) if date else organisation_today()


@shared_task(acks_late=True)
def send_due_reminders(date: str | None = None) -> dict[str, int]:
    """Milestones due in 7 days / tomorrow / overdue / waiting for a decision; plan targets in 14 days."""
    from devplans import reminders
    from notifications.sweeps import run_sweep

    return run_sweep(reminders.sweep, on=sweep_date(date))
