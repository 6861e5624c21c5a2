"""Celery tasks of the devplans app. Idempotent: safe to run twice, concurrently or redelivered."""
from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def send_due_reminders(date: str | None = None) -> dict[str, int]:
    """Milestones due in 7 days / tomorrow / overdue / waiting for a decision; plan targets in 14 days."""
    from devplans import reminders
    from notifications.sweeps import run_sweep, sweep_date

    return run_sweep(reminders.sweep, on=sweep_date(date))
