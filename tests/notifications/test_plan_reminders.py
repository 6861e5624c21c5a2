"""The daily plan sweep: each kind for the right people on the right date, once."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devplans import reminders
from devplans.kinds import PlanNotification
from devplans.models import MilestoneStatus, PlanStatus
from notifications.models import Notification
from people.models import PersonStatus
from tests.factories import PersonFactory
from tests.notifications.conftest import local_noon, make_milestone, make_plan

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 11, 24)  # a Tuesday


def kinds_for(person):
    return sorted(Notification.objects.filter(recipient=person).values_list("kind", "subject_key", "period"))


def test_due_in_seven_days_and_tomorrow_remind_the_owner_only(org):
    plan = make_plan(org.rep)
    soon = make_milestone(plan, due_date=ON + datetime.timedelta(days=7))
    tomorrow = make_milestone(plan, due_date=ON + datetime.timedelta(days=1))
    make_milestone(plan, due_date=ON + datetime.timedelta(days=6))  # nothing today
    make_milestone(plan, due_date=ON + datetime.timedelta(days=2))  # nothing today

    created = reminders.sweep(on=ON)

    assert created == {PlanNotification.MILESTONE_DUE_SOON: 1, PlanNotification.MILESTONE_DUE_TOMORROW: 1}
    assert kinds_for(org.rep) == [
        ("milestone_due_soon", f"milestone:{soon.pk}", "2026-12-01"),
        ("milestone_due_tomorrow", f"milestone:{tomorrow.pk}", "2026-11-25"),
    ]
    assert kinds_for(org.manager) == []


def test_overdue_reminds_owner_and_manager_once_a_week(org):
    plan = make_plan(org.rep)
    late = make_milestone(plan, due_date=ON - datetime.timedelta(days=3), status=MilestoneStatus.IN_PROGRESS)

    reminders.sweep(on=ON)
    reminders.sweep(on=ON + datetime.timedelta(days=1))  # same ISO week: nothing new

    assert kinds_for(org.rep) == [("milestone_overdue", f"milestone:{late.pk}", "2026-W48")]
    assert kinds_for(org.manager) == [("milestone_overdue", f"milestone:{late.pk}", "2026-W48")]
    assert Notification.objects.get(recipient=org.manager).url == "/team/"

    reminders.sweep(on=ON + datetime.timedelta(days=6))  # next Monday: a new week, a new nudge
    assert Notification.objects.filter(recipient=org.rep, kind="milestone_overdue").count() == 2


def test_only_open_milestones_of_active_plans_of_active_people(org):
    plan = make_plan(org.rep)
    for status in (MilestoneStatus.SUBMITTED, MilestoneStatus.APPROVED, MilestoneStatus.CANCELLED):
        make_milestone(plan, due_date=ON + datetime.timedelta(days=1), status=status)
        make_milestone(plan, due_date=ON - datetime.timedelta(days=4), status=status)
    draft = make_plan(org.peer, status=PlanStatus.DRAFT)
    make_milestone(draft, due_date=ON + datetime.timedelta(days=1))
    alumna = PersonFactory(manager=org.manager, status=PersonStatus.ALUMNI)
    make_milestone(make_plan(alumna), due_date=ON + datetime.timedelta(days=1))

    assert reminders.sweep(on=ON) == {}
    assert Notification.objects.count() == 0


def test_changes_requested_counts_as_open(org):
    make_milestone(make_plan(org.rep), due_date=ON + datetime.timedelta(days=1), status=MilestoneStatus.CHANGES_REQUESTED)
    assert reminders.sweep(on=ON) == {PlanNotification.MILESTONE_DUE_TOMORROW: 1}


def test_submitted_three_days_ago_reminds_the_manager_once_per_submission(org):
    plan = make_plan(org.rep)
    waiting = make_milestone(plan, due_date=ON, status=MilestoneStatus.SUBMITTED,
                             submitted_at=local_noon(ON - datetime.timedelta(days=3)))
    make_milestone(plan, due_date=ON, status=MilestoneStatus.SUBMITTED,
                   submitted_at=local_noon(ON - datetime.timedelta(days=2)))  # not yet

    for day in range(5):
        reminders.sweep(on=ON + datetime.timedelta(days=day))

    assert kinds_for(org.manager)[0] == ("milestone_awaiting_decision", f"milestone:{waiting.pk}", "2026-11-21")
    # the second one became three days old tomorrow: one each, never repeated
    assert Notification.objects.filter(kind="milestone_awaiting_decision").count() == 2
    assert Notification.objects.filter(kind="milestone_awaiting_decision", recipient=org.rep).count() == 0


def test_plan_target_in_fourteen_days_reminds_owner_and_manager(org):
    plan = make_plan(org.rep, target_date=ON + datetime.timedelta(days=14))
    make_plan(org.peer, target_date=ON + datetime.timedelta(days=14), status=PlanStatus.COMPLETED)

    assert reminders.sweep(on=ON) == {PlanNotification.PLAN_TARGET_SOON: 2}
    assert kinds_for(org.rep) == [("plan_target_soon", f"plan:{plan.pk}", "2026-12-08")]
    assert kinds_for(org.manager) == [("plan_target_soon", f"plan:{plan.pk}", "2026-12-08")]


def test_an_inactive_manager_is_not_reminded(org):
    org.manager.status = PersonStatus.ALUMNI
    org.manager.save()
    make_milestone(make_plan(org.rep), due_date=ON - datetime.timedelta(days=2))
    reminders.sweep(on=ON)
    assert Notification.objects.filter(recipient=org.manager).count() == 0
    assert Notification.objects.filter(recipient=org.rep).count() == 1


def test_running_twice_creates_nothing_new(org):
    plan = make_plan(org.rep, target_date=ON + datetime.timedelta(days=14))
    make_milestone(plan, due_date=ON + datetime.timedelta(days=7))
    make_milestone(plan, due_date=ON - datetime.timedelta(days=7))
    first = reminders.sweep(on=ON)
    total = Notification.objects.count()

    assert sum(first.values()) == total == 5
    assert reminders.sweep(on=ON) == {}
    assert Notification.objects.count() == total


def test_sweep_queries_do_not_grow_with_rows(org, django_assert_max_num_queries):
    def build(n):
        for _ in range(n):
            person = PersonFactory(manager=org.manager)
            plan = make_plan(person, target_date=ON + datetime.timedelta(days=14))
            make_milestone(plan, due_date=ON + datetime.timedelta(days=7))
            make_milestone(plan, due_date=ON + datetime.timedelta(days=1))
            make_milestone(plan, due_date=ON - datetime.timedelta(days=1))
            make_milestone(plan, due_date=ON, status=MilestoneStatus.SUBMITTED,
                           submitted_at=local_noon(ON - datetime.timedelta(days=5)))

    def queries(run):
        with CaptureQueriesContext(connection) as context:
            run()
        statements = [q["sql"] for q in context.captured_queries]
        inserts = [sql for sql in statements if sql.startswith("INSERT")]
        return len(statements) - len(inserts), len(inserts)

    build(3)
    small_reads, _ = queries(lambda: reminders.sweep(on=ON))
    build(60)
    with django_assert_max_num_queries(30):
        big_reads, big_inserts = queries(lambda: reminders.sweep(on=ON))
    # Reads are fixed; inserts are batched (SQLite: 999 parameters, ~76 rows per statement; PostgreSQL 500).
    assert big_reads == small_reads
    assert big_inserts <= -(-60 * 7 // 70)
    assert Notification.objects.count() == 63 * 7


def test_two_sweeps_interleaved_create_each_reminder_once(org, django_capture_on_commit_callbacks):
    """Sweep A computes its candidates, sweep B runs to the end, then A inserts: no duplicate, none lost."""
    from unittest import mock

    from django.core import mail

    from notifications import services as notifications

    plan = make_plan(org.rep)
    make_milestone(plan, due_date=ON + datetime.timedelta(days=1))
    make_milestone(plan, due_date=ON - datetime.timedelta(days=1))
    late_comer = make_milestone(plan, due_date=ON + datetime.timedelta(days=7))

    first_candidates = [r for r in reminders.candidates(on=ON) if r.subject_key != f"milestone:{late_comer.pk}"]
    real_bulk_create = Notification.objects.bulk_create
    interleaved = []

    def bulk_create_after_the_other_sweep(rows, **kwargs):
        if not interleaved:  # B runs between A's existence check and A's insert
            interleaved.append(1)
            with mock.patch.object(Notification.objects, "bulk_create", real_bulk_create):
                reminders.sweep(on=ON)
        return real_bulk_create(rows, **kwargs)

    with django_capture_on_commit_callbacks(execute=True):
        with mock.patch.object(Notification.objects, "bulk_create", side_effect=bulk_create_after_the_other_sweep):
            notifications.deliver(first_candidates)

    keys = list(Notification.objects.values_list("recipient_id", "kind", "subject_key", "period"))
    assert len(keys) == len(set(keys)) == 4  # due tomorrow, overdue ×2, due in 7 days (from B)
    assert len(mail.outbox) == 4  # both sweeps queued emails; each was sent once
