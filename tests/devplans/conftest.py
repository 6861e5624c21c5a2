import datetime

import pytest

from devplans.models import MilestoneStatus, PlanStatus
from tests.factories import JobRoleFactory, RoleSkillFactory, SkillFactory
from tests.factories.devplans import DevelopmentPlanFactory, GrowthAreaFactory, MilestoneFactory


@pytest.fixture
def role(db):
    """A target role with three skills."""
    role = JobRoleFactory(title="Strategic AE")
    for name in ("Exec selling", "Buying committees", "Competitive positioning"):
        RoleSkillFactory(role=role, skill=SkillFactory(name=name))
    return role


@pytest.fixture
def plan(org, role, today):
    """The rep's active plan, with one growth area."""
    plan = DevelopmentPlanFactory(
        person=org.rep, target_role=role, status=PlanStatus.ACTIVE,
        start_date=today - datetime.timedelta(days=30), target_date=today + datetime.timedelta(days=200),
    )
    GrowthAreaFactory(plan=plan, skill=role.skills.get(name="Exec selling"), is_focus=True)
    return plan


@pytest.fixture
def submitted(plan, today):
    return MilestoneFactory(plan=plan, status=MilestoneStatus.SUBMITTED, due_date=today + datetime.timedelta(days=10),
                            evidence="Done")


@pytest.fixture
def make_milestone(plan, today):
    def make(status=MilestoneStatus.PLANNED, offset=10, **kwargs):
        kwargs.setdefault("plan", plan)
        return MilestoneFactory(status=status, due_date=today + datetime.timedelta(days=offset), **kwargs)

    return make
