"""HR moves or pauses a reminder schedule in the admin, but cannot change what it runs or add one."""
import pytest
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from insights.schedules import schedules_ensure
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(db):
    schedules_ensure()
    return PeriodicTask.objects.get(task="devplans.tasks.send_due_reminders")


def test_hr_changes_when_a_schedule_runs_but_not_what_it_runs(client, org, schedule):
    later, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="8", day_of_week="*", day_of_month="*",
                                                     month_of_year="*", timezone="Europe/London")
    client.force_login(org.hr.user)
    url = f"/admin/django_celery_beat/periodictask/{schedule.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="task"' not in page.content.decode()

    response = client.post(url, {
        "enabled": "", "crontab": later.pk, "description": "Later, for the new office",
        "task": "notifications.tasks.requeue_pending_emails", "kwargs": '{"date": "2020-01-01"}',
        "name": "Renamed",
    })
    assert response.status_code == 302, response.content.decode()[:500]
    schedule.refresh_from_db()
    assert (schedule.enabled, schedule.crontab_id, schedule.description) == (False, later.pk, "Later, for the new office")
    assert (schedule.task, schedule.kwargs, schedule.name) == (
        "devplans.tasks.send_due_reminders", "{}", "Milestone and plan reminders"
    )


def test_only_a_superuser_adds_or_deletes_a_schedule(client, org, schedule):
    client.force_login(org.hr.user)
    assert client.get("/admin/django_celery_beat/periodictask/add/").status_code == 403
    assert client.post(f"/admin/django_celery_beat/periodictask/{schedule.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PeriodicTask.objects.filter(pk=schedule.pk).exists()

    root = PersonFactory(user__username="root", user__is_staff=True, user__is_superuser=True)
    client.force_login(root.user)
    assert client.get("/admin/django_celery_beat/periodictask/add/").status_code == 200
    page = client.get(f"/admin/django_celery_beat/periodictask/{schedule.pk}/change/")
    assert 'name="regtask"' in page.content.decode() or 'name="task"' in page.content.decode()
