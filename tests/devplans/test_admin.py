"""HR's admin saves plans, growth areas and milestones through the services: same checks, history."""
import datetime

import pytest

from devplans.models import DevelopmentPlan, GrowthArea, Milestone, MilestoneStatus, PlanStatus
from tests.factories.devplans import MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_admin(client, org):
    org.hr.user.is_superuser = True
    org.hr.user.save()
    client.force_login(org.hr.user)
    return client


def _change_form(plan, *, new_milestones=(), areas=None, new_areas=()):
    """The plan's change form as the admin posts it: the plan's fields and its three inlines."""
    data = {
        "target_role": plan.target_role_id or "", "ambition": plan.ambition, "summary": plan.summary,
        "start_date": plan.start_date.isoformat(), "target_date": plan.target_date.isoformat(),
    }
    existing_areas = list(plan.growth_areas.order_by("pk")) if areas is None else areas
    area_rows = [{"id": area.pk, "skill": area.skill_id, "is_focus": "on" if area.is_focus else "",
                  "notes": area.notes} for area in existing_areas]
    area_rows += [dict(row) for row in new_areas]
    existing_milestones = list(plan.milestones.order_by("due_date", "id"))
    milestone_rows = [{"id": m.pk, "title": m.title, "kind": m.kind, "due_date": m.due_date.isoformat(),
                       "growth_area": m.growth_area_id or ""} for m in existing_milestones]
    milestone_rows += [dict(row) for row in new_milestones]
    for prefix, rows, initial in (("growth_areas", area_rows, len(existing_areas)),
                                  ("milestones", milestone_rows, len(existing_milestones))):
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": initial,
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{name}": value for name, value in row.items() if value != ""})
            data[f"{prefix}-{index}-plan"] = plan.pk
    data.update({"champion_actions-TOTAL_FORMS": plan.champion_actions.count(),
                 "champion_actions-INITIAL_FORMS": plan.champion_actions.count(),
                 "champion_actions-MIN_NUM_FORMS": 0, "champion_actions-MAX_NUM_FORMS": 1000})
    return data


def _url(plan) -> str:
    return f"/admin/devplans/developmentplan/{plan.pk}/change/"


def test_a_milestone_cannot_be_added_to_an_archived_plan_through_the_inline(hr_admin, plan, today):
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.ARCHIVED)
    plan.refresh_from_db()
    before = Milestone.objects.count()
    response = hr_admin.post(_url(plan), _change_form(plan, new_milestones=[
        {"title": "Sneaked in", "kind": "other", "due_date": (today + datetime.timedelta(days=5)).isoformat()},
    ]))
    assert response.status_code == 200  # the form again, with the service's refusal on it
    assert "This plan is archived; it takes no more changes." in response.content.decode()
    assert Milestone.objects.count() == before
    assert not Milestone.objects.filter(title="Sneaked in").exists()


def test_hr_adds_a_milestone_through_the_inline_with_history(hr_admin, org, plan, today):
    due = today + datetime.timedelta(days=20)
    response = hr_admin.post(_url(plan), _change_form(plan, new_milestones=[
        {"title": "Present the QBR", "kind": "present_to_leadership", "due_date": due.isoformat()},
    ]))
    assert response.status_code == 302
    milestone = Milestone.objects.get(plan=plan, title="Present the QBR")
    assert (milestone.due_date, milestone.status) == (due, MilestoneStatus.PLANNED)
    record = milestone.history.first()
    assert (record.history_user, record.history_change_reason) == (org.hr.user, "Milestone added")


def test_an_inline_milestone_due_outside_the_plan_is_refused_and_the_plan_edit_rolls_back(hr_admin, plan):
    data = _change_form(plan, new_milestones=[
        {"title": "Too late", "kind": "other", "due_date": (plan.target_date + datetime.timedelta(days=1)).isoformat()},
    ])
    data["summary"] = "Edited in the same save"
    response = hr_admin.post(_url(plan), data)
    assert response.status_code == 200 and "The due date must fall within the plan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.summary != "Edited in the same save"
    assert not Milestone.objects.filter(title="Too late").exists()


def test_an_inline_edit_of_an_approved_milestone_is_refused(hr_admin, plan, today):
    approved = MilestoneFactory(plan=plan, status=MilestoneStatus.APPROVED, due_date=today, title="Done")
    data = _change_form(plan)
    index = next(i for i in range(int(data["milestones-TOTAL_FORMS"])) if data[f"milestones-{i}-id"] == approved.pk)
    data[f"milestones-{index}-title"] = "Rewritten"
    response = hr_admin.post(_url(plan), data)
    assert response.status_code == 200 and "cannot be edited" in response.content.decode()
    approved.refresh_from_db()
    assert approved.title == "Done"


def test_a_third_focus_area_is_refused_by_the_service(hr_admin, plan, role):
    skills = list(role.skills.exclude(growth_areas__plan=plan).order_by("pk"))
    response = hr_admin.post(_url(plan), _change_form(plan, new_areas=[
        {"skill": skills[0].pk, "is_focus": "on"}, {"skill": skills[1].pk, "is_focus": "on"},
    ]))
    assert response.status_code == 200 and "at most 2 mastery-level focus areas" in response.content.decode()
    assert plan.growth_areas.count() == 1


def test_growth_areas_change_and_go_through_the_services(hr_admin, org, plan, role):
    existing = plan.growth_areas.get()
    skill = role.skills.exclude(pk=existing.skill_id).order_by("pk").first()
    data = _change_form(plan, new_areas=[{"skill": skill.pk, "is_focus": "on"}])
    data["growth_areas-0-notes"] = "Lead with the CFO"
    assert hr_admin.post(_url(plan), data).status_code == 302
    existing.refresh_from_db()
    assert existing.notes == "Lead with the CFO"
    added = GrowthArea.objects.get(plan=plan, skill=skill)
    assert added.is_focus and added.history.first().history_user == org.hr.user

    data = _change_form(plan)
    removed = next(i for i in range(2) if data[f"growth_areas-{i}-id"] == added.pk)
    data[f"growth_areas-{removed}-DELETE"] = "on"
    assert hr_admin.post(_url(plan), data).status_code == 302
    assert not GrowthArea.objects.filter(pk=added.pk).exists()


def test_plans_and_milestones_are_not_deleted_in_the_admin(hr_admin, plan, make_milestone):
    milestone = make_milestone()
    assert hr_admin.get(f"/admin/devplans/developmentplan/{plan.pk}/delete/").status_code == 403
    assert hr_admin.get(f"/admin/devplans/milestone/{milestone.pk}/delete/").status_code == 403
    assert DevelopmentPlan.objects.filter(pk=plan.pk).exists() and Milestone.objects.filter(pk=milestone.pk).exists()


def test_hr_creates_a_plan_in_the_admin_through_the_service(hr_admin, org, role, today):
    data = {
        "person": org.peer.pk, "target_role": role.pk, "ambition": "next_role", "summary": "",
        "start_date": today.isoformat(), "target_date": (today + datetime.timedelta(days=100)).isoformat(),
        "growth_areas-TOTAL_FORMS": 0, "growth_areas-INITIAL_FORMS": 0,
        "milestones-TOTAL_FORMS": 1, "milestones-INITIAL_FORMS": 0,
        "champion_actions-TOTAL_FORMS": 0, "champion_actions-INITIAL_FORMS": 0,
        "milestones-0-title": "First step", "milestones-0-kind": "other",
        "milestones-0-due_date": (today + datetime.timedelta(days=10)).isoformat(),
    }
    response = hr_admin.post("/admin/devplans/developmentplan/add/", data)
    assert response.status_code == 302
    plan = DevelopmentPlan.objects.get(person=org.peer)
    assert (plan.status, plan.created_by) == (PlanStatus.DRAFT, org.hr)
    assert list(plan.milestones.values_list("title", flat=True)) == ["First step"]
    # A second open plan for the same person: the service's refusal, shown on the form.
    response = hr_admin.post("/admin/devplans/developmentplan/add/", {**data, "milestones-TOTAL_FORMS": 0})
    assert response.status_code == 200 and "already has an open plan" in response.content.decode()
    assert DevelopmentPlan.objects.filter(person=org.peer).count() == 1
