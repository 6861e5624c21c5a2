"""Reads cost a fixed number of queries whatever the number of plans and milestones."""
import datetime

import pytest

from devplans.models import MilestoneStatus
from devplans.selectors import team_plans_context
from tests.factories import PersonFactory
from tests.factories.devplans import ChampionActionFactory, DevelopmentPlanFactory, GrowthAreaFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

STATUSES = [MilestoneStatus.PLANNED, MilestoneStatus.SUBMITTED, MilestoneStatus.APPROVED, MilestoneStatus.CANCELLED]


def _plans(org, count: int, milestones: int):
    plans = []
    for _ in range(count):
        person = PersonFactory(manager=org.manager)
        plan = DevelopmentPlanFactory(person=person)
        areas = [GrowthAreaFactory(plan=plan, is_focus=True), GrowthAreaFactory(plan=plan)]
        ChampionActionFactory(plan=plan, manager=org.manager)
        for number in range(milestones):
            MilestoneFactory(plan=plan, status=STATUSES[number % 4], growth_area=areas[number % 2],
                             decided_by=org.manager if number % 4 == 2 else None,
                             due_date=plan.start_date + datetime.timedelta(days=number))
        plans.append(plan)
    return plans


@pytest.mark.parametrize("count,milestones", [(1, 1), (8, 12)])
def test_plan_list_queries(api, org, django_assert_max_num_queries, count, milestones):
    _plans(org, count, milestones)
    client = api.as_person(org.manager)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/plans/")
    assert response.status_code == 200 and response.json()["count"] == count
    assert len(response.json()["results"][0]["milestones"]) == milestones


@pytest.mark.parametrize("milestones", [1, 30])
def test_plan_detail_and_milestone_queries(api, org, django_assert_max_num_queries, milestones):
    plan = _plans(org, 1, milestones)[0]
    client = api.as_person(org.manager)
    with django_assert_max_num_queries(6):
        response = client.get(f"/api/v1/plans/{plan.pk}/")
    assert response.status_code == 200 and len(response.json()["milestones"]) == milestones
    with django_assert_max_num_queries(4):
        response = client.get(f"/api/v1/plans/{plan.pk}/milestones/")
    assert response.status_code == 200
    milestone = plan.milestones.first()
    with django_assert_max_num_queries(2):
        assert client.get(f"/api/v1/milestones/{milestone.pk}/").status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_approvals_queries(api, org, django_assert_max_num_queries, count):
    _plans(org, count, 8)
    client = api.as_person(org.manager)
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/approvals/")
    assert response.json()["count"] == count * 2


@pytest.mark.parametrize("count", [1, 10])
def test_team_plans_context_queries(org, django_assert_max_num_queries, count):
    _plans(org, count, 8)
    manager = org.manager
    with django_assert_max_num_queries(4):
        context = team_plans_context(manager=manager)
        rows = [(row["person"].full_name, row["status"], row["progress"]) for row in context["report_plans"]]
        queue = [(m.plan.person.full_name, m.plan.target_role, m.title) for m in context["approvals"]]
    assert len(queue) == count * 2
    # the org's rep and peer have no plan; the new reports each have one with 2 of 6 counted approved
    assert len(rows) == count + 2
    assert sorted(r[2] for r in rows if r[1]) == [33] * count
    assert sum(1 for r in rows if r[1] is None) == 2


@pytest.mark.parametrize("count", [1, 12])
def test_champion_actions_list_queries(api, org, django_assert_max_num_queries, count):
    plan = _plans(org, 1, 1)[0]
    for _ in range(count):
        ChampionActionFactory(plan=plan, manager=org.manager)
    with django_assert_max_num_queries(4):
        response = api.as_person(org.manager).get(f"/api/v1/plans/{plan.pk}/champion-actions/")
    assert response.json()["count"] == count + 1


@pytest.mark.parametrize("milestones", [1, 25])
def test_plan_pages_queries(client, org, django_assert_max_num_queries, milestones):
    plan = _plans(org, 1, milestones)[0]
    client.force_login(plan.person.user)
    with django_assert_max_num_queries(8):
        response = client.get("/plans/mine/")
    assert response.content.decode().count('class="dot ') == milestones
    client.force_login(org.manager.user)
    with django_assert_max_num_queries(8):
        assert client.get(f"/plans/{plan.pk}/").status_code == 200
