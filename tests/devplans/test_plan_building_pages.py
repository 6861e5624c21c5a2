"""Building a plan from its page: milestones, growth areas, submit, approve, readiness, champion actions."""
import datetime

import pytest

from devplans.models import ChampionAction, DevelopmentPlan, GrowthArea, Milestone, PlanStatus, Readiness
from tests.factories.devplans import DevelopmentPlanFactory, GrowthAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(org, role, today):
    return DevelopmentPlanFactory(
        person=org.rep, target_role=role, status=PlanStatus.DRAFT, created_by=org.manager,
        start_date=today, target_date=today + datetime.timedelta(days=300),
    )


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _skill(role, name):
    return role.skills.get(name=name)


def test_manager_builds_the_draft_the_rep_submits_and_the_manager_approves(client, org, role, draft, today):
    client.force_login(org.manager.user)
    page = client.get(f"/plans/{draft.pk}/").content.decode()
    assert 'id="milestone-add-form"' in page and 'id="growth-area-add-form"' in page
    assert 'for="milestone-id_title"' not in page and 'for="milestone-title"' in page  # labelled fields

    response = client.post(f"/plans/{draft.pk}/growth-areas/",
                           {"skill": _skill(role, "Buying committees").pk, "is_focus": "on",
                            "next": f"/plans/{draft.pk}/"}, follow=True)
    area = GrowthArea.objects.get(plan=draft)
    assert area.skill.name == "Buying committees" and area.is_focus
    assert response.redirect_chain[-1][0] == f"/plans/{draft.pk}/"
    assert "Added Buying committees as a growth area." in _messages(response)
    # The skill select now offers only the role's skills not yet in the plan.
    html = response.content.decode()
    assert f'<option value="{area.skill_id}">' not in html
    assert f'<option value="{_skill(role, "Exec selling").pk}">' in html

    due = today + datetime.timedelta(days=60)
    response = client.post(f"/plans/{draft.pk}/milestones/", {
        "title": "Run a buying-committee workshop", "due_date": due.isoformat(), "kind": "lead_project",
        "growth_area": area.pk, "description": "With the enterprise team."}, follow=True)
    milestone = Milestone.objects.get(plan=draft)
    assert (milestone.title, milestone.due_date, milestone.kind, milestone.growth_area) == (
        "Run a buying-committee workshop", due, "lead_project", area)
    assert "Added the milestone “Run a buying-committee workshop”." in _messages(response)
    assert "Run a buying-committee workshop" in response.content.decode()
    # The manager cannot submit the rep's plan: no button for them.
    assert 'id="plan-submit-form"' not in response.content.decode()

    client.force_login(org.rep.user)
    mine = client.get("/plans/mine/").content.decode()
    assert 'id="plan-submit-form"' in mine and 'id="plan-approve-form"' not in mine
    response = client.post(f"/plans/{draft.pk}/submit/", {"next": "/plans/mine/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/plans/mine/"
    assert "Plan submitted to your manager for approval." in _messages(response)
    draft.refresh_from_db()
    assert draft.status == PlanStatus.PENDING_APPROVAL

    client.force_login(org.manager.user)
    page = client.get(f"/plans/{draft.pk}/").content.decode()
    assert 'id="plan-approve-form"' in page
    response = client.post(f"/plans/{draft.pk}/approve/", follow=True)
    assert response.redirect_chain[-1][0] == f"/plans/{draft.pk}/"
    assert f"Approved {org.rep.full_name}'s plan: it is active now." in _messages(response)
    draft.refresh_from_db()
    assert draft.status == PlanStatus.ACTIVE and draft.approved_by == org.manager
    assert 'id="plan-approve-form"' not in response.content.decode()


def test_the_rep_cannot_approve_their_own_plan(client, org, draft):
    DevelopmentPlan.objects.filter(pk=draft.pk).update(status=PlanStatus.PENDING_APPROVAL)
    client.force_login(org.rep.user)
    assert 'id="plan-approve-form"' not in client.get("/plans/mine/").content.decode()
    response = client.post(f"/plans/{draft.pk}/approve/", {"next": "/plans/mine/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/plans/mine/"
    assert "You cannot approve this plan: it is your own plan, so your manager decides." in _messages(response)
    draft.refresh_from_db()
    assert draft.status == PlanStatus.PENDING_APPROVAL and draft.approved_by is None


@pytest.mark.parametrize("path, data", [
    ("submit/", {}),
    ("approve/", {}),
    ("milestones/", {"title": "Sneaky", "kind": "other"}),
    ("growth-areas/", {}),
    ("readiness/", {"readiness": "ready_now", "feedback": "Sneaky"}),
    ("champion-actions/", {"kind": "introduction", "description": "Sneaky"}),
])
def test_a_peer_gets_404_and_nothing_changes(client, org, role, draft, today, path, data):
    if path == "milestones/":
        data["due_date"] = today.isoformat()
    if path == "growth-areas/":
        data["skill"] = _skill(role, "Exec selling").pk
    client.force_login(org.peer.user)
    assert client.get(f"/plans/{draft.pk}/").status_code == 404
    assert client.post(f"/plans/{draft.pk}/{path}", data).status_code == 404
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT and draft.readiness_feedback == ""
    assert not draft.milestones.exists() and not draft.growth_areas.exists() and not draft.champion_actions.exists()


def test_a_peer_cannot_remove_a_growth_area(client, org, role, draft):
    area = GrowthAreaFactory(plan=draft, skill=_skill(role, "Exec selling"))
    client.force_login(org.peer.user)
    assert client.post(f"/plans/{draft.pk}/growth-areas/{area.pk}/remove/").status_code == 404
    assert GrowthArea.objects.filter(pk=area.pk).exists()


def test_the_owner_removes_a_growth_area_of_their_draft(client, org, role, draft):
    area = GrowthAreaFactory(plan=draft, skill=_skill(role, "Exec selling"))
    client.force_login(org.rep.user)
    page = client.get("/plans/mine/").content.decode()
    assert f'/plans/{draft.pk}/growth-areas/{area.pk}/remove/' in page
    response = client.post(f"/plans/{draft.pk}/growth-areas/{area.pk}/remove/", {"next": "/plans/mine/"}, follow=True)
    assert "Removed Exec selling from the growth areas." in _messages(response)
    assert not GrowthArea.objects.filter(pk=area.pk).exists()


def test_a_growth_area_of_another_plan_is_404(client, org, role, draft, today):
    other = DevelopmentPlanFactory(person=org.peer, target_role=role, start_date=today,
                                   target_date=today + datetime.timedelta(days=100))
    area = GrowthAreaFactory(plan=other, skill=_skill(role, "Exec selling"))
    client.force_login(org.manager.user)
    assert client.post(f"/plans/{draft.pk}/growth-areas/{area.pk}/remove/").status_code == 404
    assert GrowthArea.objects.filter(pk=area.pk).exists()


def test_errors_come_back_as_readable_messages(client, org, role, draft, today):
    client.force_login(org.manager.user)
    response = client.post(f"/plans/{draft.pk}/milestones/", {
        "title": "Too late", "due_date": (draft.target_date + datetime.timedelta(days=1)).isoformat(),
        "kind": "other"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/plans/{draft.pk}/"
    assert any(text.startswith("Not saved: Due date: The due date must fall within the plan")
               for text in _messages(response))
    response = client.post(f"/plans/{draft.pk}/milestones/", {"title": "", "due_date": "soon", "kind": "other"},
                           follow=True)
    assert "Not saved: Title: This field is required. Due date: Enter a valid date." in _messages(response)
    assert not Milestone.objects.filter(plan=draft).exists()
    # A growth area of someone else's plan cannot be attached to this plan's milestone.
    other = DevelopmentPlanFactory(person=org.peer, target_role=role, start_date=today,
                                   target_date=today + datetime.timedelta(days=100))
    foreign = GrowthAreaFactory(plan=other, skill=_skill(role, "Exec selling"))
    response = client.post(f"/plans/{draft.pk}/milestones/", {
        "title": "Borrowed", "due_date": today.isoformat(), "kind": "other", "growth_area": foreign.pk}, follow=True)
    assert "Not saved: Growth area: Choose one of this plan's growth areas." in _messages(response)
    assert not Milestone.objects.filter(plan=draft).exists()
    # The next URL may not leave the site.
    response = client.post(f"/plans/{draft.pk}/readiness/", {"readiness": "ready_now", "feedback": "",
                                                             "next": "https://elsewhere.example/"})
    assert response.status_code == 302 and response["Location"] == f"/plans/{draft.pk}/"


def test_manager_gives_readiness_feedback_and_logs_a_champion_action(client, org, draft, today):
    client.force_login(org.manager.user)
    page = client.get(f"/plans/{draft.pk}/").content.decode()
    assert 'id="readiness-form"' in page and 'id="champion-form"' in page
    assert 'for="readiness-feedback"' in page and 'for="champion-occurred_on"' in page
    response = client.post(f"/plans/{draft.pk}/readiness/", {
        "readiness": Readiness.WITHIN_6_12_MONTHS, "feedback": "Strong discovery; needs exec presence."}, follow=True)
    assert f"Saved your readiness feedback for {org.rep.full_name}." in _messages(response)
    draft.refresh_from_db()
    assert draft.readiness == Readiness.WITHIN_6_12_MONTHS and draft.readiness_updated_by == org.manager
    assert "Strong discovery; needs exec presence." in response.content.decode()

    when = today - datetime.timedelta(days=3)
    response = client.post(f"/plans/{draft.pk}/champion-actions/", {
        "kind": "introduction", "description": "Introduced to the CRO", "occurred_on": when.isoformat()}, follow=True)
    assert f"Logged your career-champion action for {org.rep.full_name}." in _messages(response)
    action = ChampionAction.objects.get(plan=draft, kind="introduction")
    assert (action.manager, action.occurred_on, action.description) == (org.manager, when, "Introduced to the CRO")

    response = client.post(f"/plans/{draft.pk}/champion-actions/", {
        "kind": "introduction", "description": "Planned", "occurred_on": (today + datetime.timedelta(days=5)).isoformat()},
        follow=True)
    assert "Not saved: When: Log what happened, not what is planned." in _messages(response)


def test_the_rep_cannot_give_their_own_readiness_feedback(client, org, draft):
    client.force_login(org.rep.user)
    page = client.get("/plans/mine/").content.decode()
    assert 'id="readiness-form"' not in page and 'id="champion-form"' not in page
    response = client.post(f"/plans/{draft.pk}/readiness/", {"readiness": "ready_now", "feedback": "I am"}, follow=True)
    assert any("manager may give readiness feedback" in text for text in _messages(response))
    draft.refresh_from_db()
    assert draft.readiness_feedback == ""


def test_forms_show_only_to_those_allowed(client, org, draft):
    build = ('id="milestone-add-form"', 'id="growth-area-add-form"')
    manage = ('id="readiness-form"', 'id="champion-form"')
    # The skip-level manager builds and champions, but only the direct manager or HR approves.
    DevelopmentPlan.objects.filter(pk=draft.pk).update(status=PlanStatus.PENDING_APPROVAL)
    client.force_login(org.vp.user)
    page = client.get(f"/plans/{draft.pk}/").content.decode()
    assert all(marker in page for marker in build + manage)
    assert 'id="plan-approve-form"' not in page and 'id="plan-submit-form"' not in page
    client.force_login(org.hr.user)
    assert 'id="plan-approve-form"' in client.get(f"/plans/{draft.pk}/").content.decode()
    # A completed plan takes no more work: no building forms, even for its manager.
    DevelopmentPlan.objects.filter(pk=draft.pk).update(status=PlanStatus.COMPLETED)
    client.force_login(org.manager.user)
    page = client.get(f"/plans/{draft.pk}/").content.decode()
    assert not any(marker in page for marker in build)
    assert all(marker in page for marker in manage)
    client.force_login(org.rep.user)
    page = client.get("/plans/mine/").content.decode()
    assert not any(marker in page for marker in build + manage + ('id="plan-submit-form"',))


def test_building_forms_keep_the_plan_pages_within_their_query_bounds(
    client, org, role, draft, django_assert_max_num_queries
):
    GrowthAreaFactory(plan=draft, skill=_skill(role, "Exec selling"))
    client.force_login(org.rep.user)
    with django_assert_max_num_queries(8):
        assert 'id="milestone-add-form"' in client.get("/plans/mine/").content.decode()
    for viewer in (org.manager, org.vp, org.hr):
        client.force_login(viewer.user)
        with django_assert_max_num_queries(8):
            assert 'id="champion-form"' in client.get(f"/plans/{draft.pk}/").content.decode()
