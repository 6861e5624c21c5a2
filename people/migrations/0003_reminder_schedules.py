"""The reminder schedules as django-celery-beat rows, so HR can change them in the admin.

Times are wall-clock times in the organisation's time zone (settings.TIME_ZONE).
"""
import json

from django.conf import settings
from django.db import migrations

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
        "Top-20% reps without developmental coaching for 30 days; quarterly career conversations due.",
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
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, minute, hour, day_of_week, kwargs, description in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=day_of_week,
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={
                "task": task,
                "crontab": crontab,
                "kwargs": json.dumps(kwargs),
                "enabled": True,
                "description": description,
            },
        )
    # Tell a running beat (DatabaseScheduler) that the schedule changed.
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_notification_email_claim_calendar_feed"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
