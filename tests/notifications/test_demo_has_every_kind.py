"""The demo organisation shows every reminder kind the sweeps produce, for today (and the coming Monday)."""
import datetime
import io

import pytest
from django.core.management import call_command

from coaching.kinds import CoachingNotification
from common.time import organisation_today
from devplans.kinds import PlanNotification
from notifications.models import Notification

pytestmark = pytest.mark.django_db

SWEPT_KINDS = {
    PlanNotification.MILESTONE_DUE_SOON,
    PlanNotification.MILESTONE_DUE_TOMORROW,
    PlanNotification.MILESTONE_OVERDUE,
    PlanNotification.MILESTONE_AWAITING_DECISION,
    PlanNotification.PLAN_TARGET_SOON,
    CoachingNotification.COACHING_OVERDUE,
    CoachingNotification.CAREER_CONVERSATION_DUE,
    CoachingNotification.MANAGER_DIGEST,
}


def test_demo_has_every_kind_of_reminder():
    call_command("seed_demo", stdout=io.StringIO())
    today = organisation_today()
    call_command("run_reminders", "--date", today.isoformat(), "--no-email", stdout=io.StringIO())
    today_kinds = set(Notification.objects.values_list("kind", flat=True))
    assert SWEPT_KINDS - {CoachingNotification.MANAGER_DIGEST} <= today_kinds

    monday = today + datetime.timedelta(days=(7 - today.weekday()) % 7)
    call_command("run_reminders", "--date", monday.isoformat(), "--no-email", stdout=io.StringIO())
    assert Notification.objects.filter(kind=CoachingNotification.MANAGER_DIGEST).exists()
    assert set(Notification.objects.values_list("kind", flat=True)) >= SWEPT_KINDS
