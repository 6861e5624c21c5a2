"""The reminder schedules, as django-celery-beat rows so HR can change them in the admin.

`schedules_ensure` runs after every `migrate` (connected in InsightsConfig.ready()): it creates the
schedules that are missing and moves each Catalyst crontab to the organisation's current time zone
(settings.TIME_ZONE, read now rather than frozen at the first migration). Times HR changed in the
admin are kept. The cadence policies' defaults are stored at the same moment.
"""
from __future__ import annotations

import json

from django.conf import settings
from django.db import transaction

SCHEDULES = [
    # (name, task, minute, hour, day_of_week, kwargs, description)
    (
        "Milestone and plan reminders",
        "devplans.tasks.send_due_reminders",
        "0",
        "7",
        "*",
        {},
        "Milestones due in 7 days and tomorrow, overdue, waiting for a decision; plan target dates in 14 days.",
    ),
    (
        "Coaching cadence reminders",
        "coaching.tasks.send_cadence_reminders",
        "0",
        "7",
        "*",
        {"digest": False},
        "Top-20% reps without developmental coaching; quarterly career conversations due.",
    ),
    (
        "Monday manager digest",
        "coaching.tasks.send_manager_digest",
        "30",
        "7",
        "1",
        {},
        "The weekly routine for each manager: top 20%, overdue coaching, approvals waiting.",
    ),
    (
        "Re-queue pending reminder emails",
        "notifications.tasks.requeue_pending_emails",
        "*/5",
        "*",
        "*",
        {},
        "Emails left pending (the broker was down, a worker died while sending) are queued again; each goes out once.",
    ),
]


@transaction.atomic
def schedules_ensure(**_signal_kwargs) -> int:
    """Create the missing reminder schedules (and the default cadence policies); returns how many
    schedules were created. Safe to run any number of times."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask, PeriodicTasks

    from coaching.services import cadence_policies_ensure

    cadence_policies_ensure()
    created = 0
    for name, task, minute, hour, day_of_week, kwargs, description in SCHEDULES:
        existing = PeriodicTask.objects.select_related("crontab").filter(name=name).first()
        if existing is not None:
            crontab = existing.crontab
            if crontab is not None and str(crontab.timezone) != settings.TIME_ZONE:
                moved, _ = CrontabSchedule.objects.get_or_create(
                    minute=crontab.minute, hour=crontab.hour, day_of_week=crontab.day_of_week,
                    day_of_month=crontab.day_of_month, month_of_year=crontab.month_of_year, timezone=settings.TIME_ZONE,
                )
                existing.crontab = moved
                existing.save(update_fields=["crontab"])
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week=day_of_week, day_of_month="*", month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.create(
            name=name, task=task, crontab=crontab, kwargs=json.dumps(kwargs), enabled=True, description=description
        )
        created += 1
    PeriodicTasks.update_changed()  # a running beat (DatabaseScheduler) rereads the schedule
    return created
