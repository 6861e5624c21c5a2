"""`manage.py run_reminders` and the beat schedules."""
import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django_celery_beat.models import PeriodicTask

from notifications.models import Notification
from tests.notifications.conftest import make_milestone, make_plan

pytestmark = pytest.mark.django_db


def run(*args, **options):
    out = io.StringIO()
    call_command("run_reminders", *args, stdout=out, **options)
    return out.getvalue()


def test_runs_both_sweeps_for_a_date_and_reports_counts(org, django_capture_on_commit_callbacks):
    plan = make_plan(org.rep)
    make_milestone(plan, due_date=datetime.date(2026, 11, 25), title="Shadow the CRO")
    make_milestone(plan, due_date=datetime.date(2026, 11, 20))

    with django_capture_on_commit_callbacks(execute=True):  # the command commits; the test transaction does not
        output = run("--date", "2026-11-24", verbosity=2)

    assert "Reminders for 2026-11-24:" in output
    assert "milestone_due_tomorrow: 1" in output
    assert "milestone_overdue: 2" in output
    assert "career_conversation_due:" in output  # nobody in the fixture has had one
    assert "[milestone_due_tomorrow] to Ava Rep: “Shadow the CRO” is due tomorrow (" in output
    assert any(message.subject.endswith("is due tomorrow") for message in mail.outbox)

    again = run("--date", "2026-11-24")
    assert "0 new" in again
    assert Notification.objects.filter(kind="milestone_due_tomorrow").count() == 1


def test_no_email_option_and_bad_date(org):
    make_milestone(make_plan(org.rep), due_date=datetime.date(2026, 11, 25))
    run("--date", "2026-11-24", "--no-email")
    assert mail.outbox == []
    with pytest.raises(CommandError):
        run("--date", "24/11/2026")


def test_default_date_is_the_organisation_today(org, today):
    make_milestone(make_plan(org.rep), due_date=today + datetime.timedelta(days=1))
    assert "milestone_due_tomorrow: 1" in run()


def test_schedules_are_in_the_database_in_the_organisation_time_zone(settings):
    tasks = {task.task: task for task in PeriodicTask.objects.select_related("crontab")}
    daily = tasks["devplans.tasks.send_due_reminders"].crontab
    assert (daily.minute, daily.hour, daily.day_of_week) == ("0", "7", "*")
    assert str(daily.timezone) == settings.TIME_ZONE
    assert tasks["coaching.tasks.send_cadence_reminders"].kwargs == '{"digest": false}'
    digest = tasks["coaching.tasks.send_manager_digest"].crontab
    assert (digest.minute, digest.hour, digest.day_of_week) == ("30", "7", "1")
    from config.celery import app

    app.loader.import_default_modules()
    for name in tasks:
        assert name in app.tasks, name
