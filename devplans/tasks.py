"""Celery tasks of the devplans app. Idempotent: safe to run twice, concurrently or redelivered."""
from __future__ import annotations

from celery import shared_task

from notifications.sweeps import SWEEP_TASK_OPTIONS


@shared_task(**SWEEP_TASK_OPTIONS)
def send_due_reminders(self, date: str | None = None) -> dict[str, int]:
    """Milestones due in 7 days / tomorrow / overdue / waiting for a decision; plan targets in 14 days.
    Without a date: today, after any dates missed since the last finished run."""
    from devplans import reminders
    from notifications.sweeps import run_scheduled_sweep

    return run_scheduled_sweep(self.name, reminders.sweep, date=date)
