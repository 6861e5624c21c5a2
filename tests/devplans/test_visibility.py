"""Who sees and does what, per CONTRACT.md: outside scope 404; visible but forbidden 403."""
import datetime

import pytest

from devplans.models import DevelopmentPlan, Milestone, MilestoneStatus, PlanStatus
from tests.factories.devplans import DevelopmentPlanFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

SEES_REP_PLAN = {"rep": 200, "peer": 404, "manager": 200, "vp": 200, "other_manager": 404, "other_rep": 404, "hr": 200}
VIEWERS = list(SEES_REP_PLAN)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_plan_detail_visibility(api, org, plan, viewer):
    response = api.as_person(getattr(org, viewer)).get(f"/api/v1/plans/{plan.pk}/")
    assert response.status_code == SEES_REP_PLAN[viewer]
    if response.status_code == 404:
        assert "Ava" not in response.content.decode()


@pytest.mark.parametrize("viewer", VIEWERS)
def test_plan_list_shows_only_visible_plans(api, org, plan, viewer):
    other_plan = DevelopmentPlanFactory(person=org.other_rep)
    response = api.as_person(getattr(org, viewer)).get("/api/v1/plans/")
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert (plan.pk in ids) == (SEES_REP_PLAN[viewer] == 200)
    assert (other_plan.pk in ids) == (viewer in ("other_manager", "vp", "hr", "other_rep"))


@pytest.mark.parametrize("viewer", VIEWERS)
def test_milestone_detail_and_plan_milestones_visibility(api, org, submitted, viewer):
    client = api.as_person(getattr(org, viewer))
    assert client.get(f"/api/v1/milestones/{submitted.pk}/").status_code == SEES_REP_PLAN[viewer]
    assert client.get(f"/api/v1/plans/{submitted.plan_id}/milestones/").status_code == SEES_REP_PLAN[viewer]
    assert client.get(f"/api/v1/plans/{submitted.plan_id}/champion-actions/").status_code == SEES_REP_PLAN[viewer]


DECIDES = {"rep": 403, "peer": 404, "manager": 200, "vp": 403, "other_manager": 404, "other_rep": 404, "hr": 200}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("action", ["approve", "request-changes"])
def test_milestone_decision_rights(api, org, submitted, viewer, action):
    response = api.as_person(getattr(org, viewer)).post(
        f"/api/v1/milestones/{submitted.pk}/{action}/", {"comment": "More detail please"}, format="json"
    )
    assert response.status_code == DECIDES[viewer]
    submitted.refresh_from_db()
    expected = {"approve": MilestoneStatus.APPROVED, "request-changes": MilestoneStatus.CHANGES_REQUESTED}[action]
    assert submitted.status == (expected if DECIDES[viewer] == 200 else MilestoneStatus.SUBMITTED)


OWNER_ONLY = {"rep": 200, "peer": 404, "manager": 403, "vp": 403, "other_manager": 404, "other_rep": 404, "hr": 403}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_milestone_start_and_submit_are_the_owners(api, org, make_milestone, viewer):
    milestone = make_milestone(MilestoneStatus.PLANNED)
    client = api.as_person(getattr(org, viewer))
    assert client.post(f"/api/v1/milestones/{milestone.pk}/start/").status_code == OWNER_ONLY[viewer]
    milestone = make_milestone(MilestoneStatus.IN_PROGRESS)
    assert client.post(f"/api/v1/milestones/{milestone.pk}/submit/", {"evidence": "x"}).status_code == OWNER_ONLY[viewer]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_plan_submit_is_the_owners(api, org, plan, viewer):
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    response = api.as_person(getattr(org, viewer)).post(f"/api/v1/plans/{plan.pk}/submit/")
    assert response.status_code == OWNER_ONLY[viewer]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_plan_approve_is_the_direct_managers_or_hrs(api, org, plan, viewer):
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.PENDING_APPROVAL)
    response = api.as_person(getattr(org, viewer)).post(f"/api/v1/plans/{plan.pk}/approve/")
    assert response.status_code == DECIDES[viewer]
    plan.refresh_from_db()
    assert plan.status == (PlanStatus.ACTIVE if DECIDES[viewer] == 200 else PlanStatus.PENDING_APPROVAL)


EDITS = {"rep": 200, "peer": 404, "manager": 200, "vp": 200, "other_manager": 404, "other_rep": 404, "hr": 200}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_plan_patch_and_add_milestone_rights(api, org, plan, today, viewer):
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    client = api.as_person(getattr(org, viewer))
    response = client.patch(f"/api/v1/plans/{plan.pk}/", {"summary": "New words"}, format="json")
    assert response.status_code == EDITS[viewer]
    response = client.post(
        f"/api/v1/plans/{plan.pk}/milestones/",
        {"title": "Shadow the CRO", "due_date": str(today + datetime.timedelta(days=5))}, format="json",
    )
    assert response.status_code == {200: 201}.get(EDITS[viewer], EDITS[viewer])
    assert Milestone.objects.filter(plan=plan, title="Shadow the CRO").exists() == (EDITS[viewer] == 200)


CHAMPION = {"rep": 403, "peer": 404, "manager": 201, "vp": 201, "other_manager": 404, "other_rep": 404, "hr": 201}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_champion_actions_are_for_managers(api, org, plan, viewer):
    response = api.as_person(getattr(org, viewer)).post(
        f"/api/v1/plans/{plan.pk}/champion-actions/",
        {"kind": "introduction", "description": "Introduced to the CRO"}, format="json",
    )
    assert response.status_code == CHAMPION[viewer]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_readiness_feedback_is_for_managers(api, org, plan, viewer):
    response = api.as_person(getattr(org, viewer)).post(
        f"/api/v1/plans/{plan.pk}/readiness/", {"readiness": "ready_now", "feedback": "Ready."}, format="json"
    )
    assert response.status_code == {201: 200}.get(CHAMPION[viewer], CHAMPION[viewer])


def test_approvals_list_is_the_direct_managers_queue(api, org, submitted, make_milestone):
    other_plan = DevelopmentPlanFactory(person=org.other_rep)
    foreign = MilestoneFactory(plan=other_plan, status=MilestoneStatus.SUBMITTED)
    make_milestone(MilestoneStatus.IN_PROGRESS)
    ids = lambda who: {row["id"] for row in api.as_person(who).get("/api/v1/approvals/").json()["results"]}  # noqa: E731
    assert ids(org.manager) == {submitted.pk}
    assert ids(org.other_manager) == {foreign.pk}
    assert api.as_person(org.rep).get("/api/v1/approvals/").status_code == 403  # the queue is for managers
    assert ids(org.vp) == set()  # skip-level: only direct reports' milestones wait for you
    assert ids(org.hr) == {submitted.pk, foreign.pk}


def test_a_manager_cannot_approve_their_own_milestone_even_as_hr(api, org, hr_group, today):
    org.manager.user.groups.add(hr_group)
    own = DevelopmentPlanFactory(person=org.manager)
    milestone = MilestoneFactory(plan=own, status=MilestoneStatus.SUBMITTED)
    assert api.as_person(org.manager).post(f"/api/v1/milestones/{milestone.pk}/approve/").status_code == 403
    own.status = PlanStatus.PENDING_APPROVAL
    own.save()
    assert api.as_person(org.manager).post(f"/api/v1/plans/{own.pk}/approve/").status_code == 403


def test_unknown_ids_are_404(api, org):
    client = api.as_person(org.hr)
    assert client.get("/api/v1/plans/999999/").status_code == 404
    assert client.get("/api/v1/milestones/999999/").status_code == 404
    assert client.post("/api/v1/milestones/999999/approve/").status_code == 404


def test_sign_in_required(api, plan):
    """An anonymous API call answers 401 (the authorization matrix's rule), before any scope check."""
    assert api.get("/api/v1/plans/").status_code == 401
    assert api.get(f"/api/v1/plans/{plan.pk}/").status_code == 401
