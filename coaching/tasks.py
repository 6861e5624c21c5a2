"""Celery tasks of the coaching app. Idempotent: safe to run twice, concurrently or redelivered.
Without a date, each sweep runs for today after any dates missed since its last finished run."""
from __future__ import annotations

from celery import shared_task

from notifications.sweeps import SWEEP_TASK_OPTIONS


@shared_task(**SWEEP_TASK_OPTIONS)
def send_cadence_reminders(self, date: str | None = None, digest: bool | None = None) -> dict[str, int]:
    """Top-20% reps without developmental coaching, quarterly career conversations due, and on Mondays
    (organisation time) the manager digest. `digest`: True forces it, False leaves it to send_manager_digest."""
    from coaching import reminders
    from notifications.sweeps import run_scheduled_sweep

    return run_scheduled_sweep(self.name, reminders.sweep, date=date, digest=digest)


@shared_task(**SWEEP_TASK_OPTIONS)
def send_manager_digest(self, date: str | None = None, force: bool = False) -> dict[str, int]:
    """The Monday digest to each manager; on any other local day it sends nothing unless forced."""
    from coaching import reminders
    from notifications.sweeps import run_scheduled_sweep

    return run_scheduled_sweep(self.name, reminders.digest_sweep, date=date, force=force)
