"""Celery tasks of the coaching app. Idempotent: safe to run twice, concurrently or redelivered."""
from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def send_cadence_reminders(date: str | None = None, digest: bool | None = None) -> dict[str, int]:
    """Top-20% reps without developmental coaching, quarterly career conversations due, and on Mondays
    (organisation time) the manager digest. `digest`: True forces it, False leaves it to send_manager_digest."""
    from coaching import reminders
    from notifications.sweeps import run_sweep, sweep_date

    return run_sweep(reminders.sweep, on=sweep_date(date), digest=digest)


@shared_task(acks_late=True)
def send_manager_digest(date: str | None = None, force: bool = False) -> dict[str, int]:
    """The Monday digest to each manager; on any other local day it sends nothing unless forced."""
    from coaching import reminders
    from notifications.sweeps import run_sweep, sweep_date

    return run_sweep(reminders.digest_sweep, on=sweep_date(date), force=force)
