"""The demo data covers what the pages and the reminders need."""
import datetime

import pytest

from devplans import demo as devplans_demo
from devplans.models import DevelopmentPlan, Milestone, MilestoneStatus, PlanStatus
from devplans.selectors import plan_progress
from people import demo as people_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, today):
    people = people_demo.seed_demo(today=today)
    devplans_demo.seed_demo(people=people, today=today)
    return people


def test_ava_has_an_active_plan_with_the_story(demo, today):
    plan = DevelopmentPlan.objects.get(person=demo["ava"])
    assert plan.status == PlanStatus.ACTIVE and plan.target_role.title == "Strategic Account Executive"
    assert plan.growth_areas.filter(is_focus=True).count() == 2
    assert plan.readiness == "within_6_12_months" and plan.readiness_updated_by == demo["marco"]
    assert plan.champion_actions.count() >= 2
    milestones = plan.milestones.all()
    assert milestones.filter(status=MilestoneStatus.APPROVED).count() >= 2
    assert milestones.filter(due_date__lt=today).exclude(status__in=["approved", "cancelled"]).exists()
    assert milestones.filter(due_date__gt=today).exists()
    for m in milestones:
        assert plan.start_date <= m.due_date <= plan.target_date


def test_every_reminder_case_exists(demo, today):
    day = lambda n: today + datetime.timedelta(days=n)  # noqa: E731
    open_milestones = Milestone.objects.filter(plan__status=PlanStatus.ACTIVE).exclude(status__in=["approved", "cancelled"])
    assert open_milestones.filter(due_date=day(7)).exists()
    assert open_milestones.filter(due_date=day(1)).exists()
    assert open_milestones.filter(due_date__lt=today).exists()
    waiting = Milestone.objects.get(status=MilestoneStatus.SUBMITTED)
    assert waiting.plan.person == demo["ava"] and (today - waiting.submitted_at.date()).days >= 3
    assert DevelopmentPlan.objects.filter(status=PlanStatus.ACTIVE, target_date=day(14)).exists()


def test_assorted_plans_for_the_others(demo):
    status = dict(DevelopmentPlan.objects.values_list("person__user__username", "status"))
    assert status["ben"] == PlanStatus.DRAFT and status["dev"] == PlanStatus.PENDING_APPROVAL
    assert status["fay"] == PlanStatus.ACTIVE and "eli" not in status
    fay = DevelopmentPlan.objects.get(person=demo["fay"])
    approved = fay.milestones.filter(status="approved").count()
    assert plan_progress(approved=approved, counted=fay.milestones.count()) == 75


def test_seed_large(db, today):
    people_demo.seed_demo(today=today)
    ids = people_demo.seed_large(count=60, today=today)
    summary = devplans_demo.seed_large(ids=ids, today=today)
    assert DevelopmentPlan.objects.filter(person_id__in=ids["reps"]).count() == len(ids["reps"])
    assert Milestone.objects.filter(plan__person_id__in=ids["reps"]).count() == 10 * len(ids["reps"])
    assert set(DevelopmentPlan.objects.filter(person_id__in=ids["alumni"]).values_list("status", flat=True)) == {"archived"}
    assert "milestones" in summary
    for plan in DevelopmentPlan.objects.filter(person_id__in=ids["reps"]).prefetch_related("milestones")[:20]:
        assert all(plan.start_date <= m.due_date <= plan.target_date for m in plan.milestones.all())
