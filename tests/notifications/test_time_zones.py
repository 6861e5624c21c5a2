"""Reminder dates are local dates of the organisation: daylight-saving changes and UTC midnight.

Sweeps run every hour across each transition (as a misbehaving scheduler might); each reminder
must appear exactly once, created on the right local date.
"""
import datetime
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from coaching.kinds import CoachingNotification
from coaching.tasks import send_cadence_reminders, send_manager_digest
from devplans.kinds import PlanNotification
from devplans.models import MilestoneStatus
from devplans.tasks import send_due_reminders
from notifications.models import Notification
from tests.notifications.conftest import make_milestone, make_plan

pytestmark = pytest.mark.django_db

UTC = datetime.UTC

# (time zone, local date of the change)
TRANSITIONS = [
    ("Europe/London", datetime.date(2026, 3, 29)),  # clocks go forward
    ("Europe/London", datetime.date(2026, 10, 25)),  # clocks go back
    ("America/New_York", datetime.date(2026, 3, 8)),
    ("America/New_York", datetime.date(2026, 11, 1)),
]


def local_date_of(moment: datetime.datetime, zone: str) -> datetime.date:
    return moment.astimezone(ZoneInfo(zone)).date()


@pytest.mark.parametrize("zone, change", TRANSITIONS, ids=[f"{z}-{d}" for z, d in TRANSITIONS])
def test_hourly_sweeps_across_daylight_saving_send_each_reminder_once_on_the_right_local_day(settings, org, zone, change):
    settings.TIME_ZONE = zone
    plan = make_plan(org.rep, target_date=change + datetime.timedelta(days=14))
    after_change = make_milestone(plan, due_date=change + datetime.timedelta(days=1), title="due the day after")
    on_change = make_milestone(plan, due_date=change, title="due on the change day")
    week_after = make_milestone(plan, due_date=change + datetime.timedelta(days=7), title="due a week after")
    overdue = make_milestone(plan, due_date=change - datetime.timedelta(days=10), status=MilestoneStatus.IN_PROGRESS)

    start = datetime.datetime.combine(change - datetime.timedelta(days=2), datetime.time(0), tzinfo=UTC)
    with freeze_time(start) as frozen:
        for hour in range(24 * 5):
            frozen.move_to(start + datetime.timedelta(hours=hour))
            send_due_reminders.delay()
            send_cadence_reminders.delay(digest=False)
            send_manager_digest.delay()

    def only(kind, subject):
        rows = list(Notification.objects.filter(recipient=org.rep, kind=kind, subject_key=subject))
        assert len(rows) == 1, (kind, subject, rows)
        return local_date_of(rows[0].created_at, zone)

    assert only(PlanNotification.MILESTONE_DUE_TOMORROW, f"milestone:{after_change.pk}") == change
    assert only(PlanNotification.MILESTONE_DUE_TOMORROW, f"milestone:{on_change.pk}") == change - datetime.timedelta(days=1)
    assert only(PlanNotification.MILESTONE_DUE_SOON, f"milestone:{week_after.pk}") == change
    assert only(PlanNotification.PLAN_TARGET_SOON, f"plan:{plan.pk}") == change
    # overdue: once per ISO week; the change day is a Sunday, so the window spans two weeks
    overdue_rows = Notification.objects.filter(recipient=org.rep, kind=PlanNotification.MILESTONE_OVERDUE, subject_key=f"milestone:{overdue.pk}")
    assert sorted(overdue_rows.values_list("period", flat=True)) == sorted(
        {f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}" for d in (change - datetime.timedelta(days=1), change + datetime.timedelta(days=1))}
    )
    # the Monday digest: exactly one per manager, created on the local Monday
    digests = Notification.objects.filter(kind=CoachingNotification.MANAGER_DIGEST, recipient=org.manager)
    assert digests.count() == 1
    assert local_date_of(digests.get().created_at, zone) == change + datetime.timedelta(days=1)
    # nothing at all was duplicated
    keys = list(Notification.objects.values_list("recipient_id", "kind", "subject_key", "period"))
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "zone, utc_midnight, reminded_due_date",
    [
        # 00:00 UTC is still the previous evening in New York: "tomorrow" is the UTC date
        ("America/New_York", datetime.datetime(2026, 11, 25, tzinfo=UTC), datetime.date(2026, 11, 25)),
        # in London winter, UTC midnight is local midnight: already the new day
        ("Europe/London", datetime.datetime(2026, 11, 25, tzinfo=UTC), datetime.date(2026, 11, 26)),
        # in London summer, UTC midnight is 01:00 local, the new day
        ("Europe/London", datetime.datetime(2026, 7, 1, tzinfo=UTC), datetime.date(2026, 7, 2)),
        # and a minute before UTC midnight in New York summer
        ("America/New_York", datetime.datetime(2026, 6, 30, 23, 59, tzinfo=UTC), datetime.date(2026, 7, 1)),
    ],
)
def test_at_utc_midnight_the_local_date_decides(settings, org, zone, utc_midnight, reminded_due_date):
    settings.TIME_ZONE = zone
    plan = make_plan(org.rep)
    for offset in (-1, 0, 1):
        make_milestone(plan, due_date=reminded_due_date + datetime.timedelta(days=offset))
    with freeze_time(utc_midnight):
        send_due_reminders.delay()
        send_due_reminders.delay()
    reminded = Notification.objects.filter(kind=PlanNotification.MILESTONE_DUE_TOMORROW)
    assert list(reminded.values_list("period", flat=True)) == [reminded_due_date.isoformat()]
