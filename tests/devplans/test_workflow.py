"""Plan and milestone transitions, field rules, progress, overdue and notifications."""
import datetime

import pytest

from common.exceptions import TransitionNotAllowed
from devplans import services
from devplans.models import ChampionAction, DevelopmentPlan, GrowthArea, Milestone, MilestoneStatus, PlanStatus
from notifications.models import Notification
from tests.factories.devplans import DevelopmentPlanFactory, GrowthAreaFactory

pytestmark = pytest.mark.django_db


# --- plans ----------------------------------------------------------------------------------------


def test_full_plan_lifecycle_through_the_api(api, org, role, today, django_capture_on_commit_callbacks):
    start, target = today, today + datetime.timedelta(days=180)
    response = api.as_person(org.rep).post(
        "/api/v1/plans/",
        {"target_role": role.pk, "start_date": str(start), "target_date": str(target), "ambition": "next_role"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person"] == org.rep.pk and body["status"] == "draft" and body["progress"] == 0
    plan_id = body["id"]
    for field in ("id", "person", "status", "target_role", "start_date", "target_date", "growth_areas", "milestones",
                  "progress"):
        assert field in body

    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_person(org.rep).post(f"/api/v1/plans/{plan_id}/submit/")
    assert response.status_code == 200 and response.json()["status"] == "pending_approval"
    note = Notification.objects.get(recipient=org.manager, kind="plan_awaiting_approval")
    assert note.subject_key == f"plan:{plan_id}"

    assert api.as_person(org.rep).post(f"/api/v1/plans/{plan_id}/submit/").status_code == 409
    response = api.as_person(org.manager).post(f"/api/v1/plans/{plan_id}/approve/")
    assert response.status_code == 200 and response.json()["status"] == "active"
    assert response.json()["approved_by"] == org.manager.pk
    assert api.as_person(org.manager).post(f"/api/v1/plans/{plan_id}/approve/").status_code == 409
    assert api.as_person(org.manager).post(f"/api/v1/plans/{plan_id}/complete/").json()["status"] == "completed"
    assert api.as_person(org.manager).post(f"/api/v1/plans/{plan_id}/complete/").status_code == 409
    assert api.as_person(org.rep).post(f"/api/v1/plans/{plan_id}/archive/").json()["status"] == "archived"
    assert api.as_person(org.rep).post(f"/api/v1/plans/{plan_id}/archive/").status_code == 409
    response = api.as_person(org.rep).patch(f"/api/v1/plans/{plan_id}/", {"summary": "late"}, format="json")
    assert response.status_code == 409


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.ACTIVE, PlanStatus.COMPLETED, PlanStatus.ARCHIVED])
def test_plan_approve_only_from_pending(api, org, plan, status):
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status=status)
    response = api.as_person(org.manager).post(f"/api/v1/plans/{plan.pk}/approve/")
    assert response.status_code == 409
    assert "detail" in response.json()


def test_a_manager_creates_a_plan_for_a_report_but_not_outside_the_line(api, org, today):
    dates = {"start_date": str(today), "target_date": str(today + datetime.timedelta(days=90))}
    response = api.as_person(org.manager).post("/api/v1/plans/", {"person": org.rep.pk, **dates}, format="json")
    assert response.status_code == 201 and response.json()["person"] == org.rep.pk
    response = api.as_person(org.manager).post("/api/v1/plans/", {"person": org.other_rep.pk, **dates}, format="json")
    assert response.status_code == 400 and "person" in response.json()
    response = api.as_person(org.rep).post("/api/v1/plans/", {"person": org.peer.pk, **dates}, format="json")
    assert response.status_code == 400
    assert not DevelopmentPlan.objects.filter(person__in=[org.other_rep, org.peer]).exists()
    response = api.as_person(org.hr).post("/api/v1/plans/", {"person": org.other_rep.pk, **dates}, format="json")
    assert response.status_code == 201


def test_one_open_plan_per_person(api, org, plan, today):
    dates = {"start_date": str(today), "target_date": str(today + datetime.timedelta(days=90))}
    response = api.as_person(org.rep).post("/api/v1/plans/", dates, format="json")
    assert response.status_code == 400 and "open plan" in response.json()["person"][0]


def test_create_refuses_bad_dates(api, org, today):
    response = api.as_person(org.rep).post(
        "/api/v1/plans/", {"start_date": str(today), "target_date": str(today - datetime.timedelta(days=1))},
        format="json",
    )
    assert response.status_code == 400 and "target_date" in response.json()


def test_patch_ignores_protected_fields(api, org, plan, today):
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    response = api.as_person(org.rep).patch(
        f"/api/v1/plans/{plan.pk}/",
        {"status": "active", "person": org.peer.pk, "approved_by": org.rep.pk, "readiness": "ready_now",
         "progress": 100, "summary": "My words"},
        format="json",
    )
    assert response.status_code == 200
    plan.refresh_from_db()
    assert (plan.status, plan.person_id, plan.approved_by_id, plan.readiness) == (
        PlanStatus.DRAFT, org.rep.pk, None, "not_yet")
    assert plan.summary == "My words"


def test_active_plan_keeps_what_was_approved(api, org, plan, role, today):
    response = api.as_person(org.rep).patch(f"/api/v1/plans/{plan.pk}/", {"ambition": "mentor"}, format="json")
    assert response.status_code == 409
    new_target = str(plan.target_date + datetime.timedelta(days=30))
    response = api.as_person(org.rep).patch(f"/api/v1/plans/{plan.pk}/", {"target_date": new_target}, format="json")
    assert response.status_code == 200 and response.json()["target_date"] == new_target


def test_plan_dates_cannot_strand_milestones(api, org, plan, make_milestone):
    make_milestone(offset=150)
    short = str(plan.start_date + datetime.timedelta(days=60))
    response = api.as_person(org.rep).patch(f"/api/v1/plans/{plan.pk}/", {"target_date": short}, format="json")
    assert response.status_code == 400


def test_plan_filters(api, org, plan):
    draft = DevelopmentPlanFactory(person=org.peer, status=PlanStatus.DRAFT)
    client = api.as_person(org.manager)
    ids = lambda query: {row["id"] for row in client.get(f"/api/v1/plans/{query}").json()["results"]}  # noqa: E731
    assert ids("?status=draft") == {draft.pk}
    assert ids(f"?person={org.rep.pk}") == {plan.pk}
    assert ids(f"?person={org.other_rep.pk}") == set()
    assert client.get("/api/v1/plans/?status=nonsense").status_code == 400
    body = client.get("/api/v1/plans/").json()
    assert set(body) >= {"count", "next", "previous", "results"} and body["count"] == 2


# --- growth areas -----------------------------------------------------------------------------


def test_at_most_two_focus_areas(api, org, plan, role):
    skills = {skill.name: skill for skill in role.skills.all()}
    client = api.as_person(org.rep)
    response = client.post(f"/api/v1/plans/{plan.pk}/growth-areas/",
                           {"skill": skills["Buying committees"].pk, "is_focus": True}, format="json")
    assert response.status_code == 201
    response = client.post(f"/api/v1/plans/{plan.pk}/growth-areas/",
                           {"skill": skills["Competitive positioning"].pk, "is_focus": True}, format="json")
    assert response.status_code == 400
    assert "at most 2" in response.json()["is_focus"][0]
    response = client.post(f"/api/v1/plans/{plan.pk}/growth-areas/",
                           {"skill": skills["Competitive positioning"].pk}, format="json")
    assert response.status_code == 201
    third = response.json()["id"]
    assert client.patch(f"/api/v1/plans/{plan.pk}/growth-areas/{third}/", {"is_focus": True}, format="json").status_code == 400
    assert GrowthArea.objects.filter(plan=plan, is_focus=True).count() == 2
    focus = GrowthArea.objects.filter(plan=plan, is_focus=True).first()
    assert client.patch(f"/api/v1/plans/{plan.pk}/growth-areas/{focus.pk}/", {"is_focus": False}, format="json").status_code == 200
    assert client.patch(f"/api/v1/plans/{plan.pk}/growth-areas/{third}/", {"is_focus": True}, format="json").status_code == 200
    assert client.delete(f"/api/v1/plans/{plan.pk}/growth-areas/{third}/").status_code == 204
    assert not GrowthArea.objects.filter(pk=third).exists()


def test_growth_area_must_be_a_skill_of_the_target_role(api, org, plan):
    from tests.factories import SkillFactory

    response = api.as_person(org.rep).post(f"/api/v1/plans/{plan.pk}/growth-areas/",
                                           {"skill": SkillFactory(name="Juggling").pk}, format="json")
    assert response.status_code == 400 and "skill" in response.json()


def test_growth_area_of_another_plan_is_404_through_this_plan(api, org, plan):
    other = GrowthAreaFactory(plan=DevelopmentPlanFactory(person=org.peer))
    response = api.as_person(org.manager).patch(f"/api/v1/plans/{plan.pk}/growth-areas/{other.pk}/",
                                                {"is_focus": True}, format="json")
    assert response.status_code == 404


# --- milestones -------------------------------------------------------------------------------


def test_milestone_create_validates_fields(api, org, plan, today):
    url = f"/api/v1/plans/{plan.pk}/milestones/"
    client = api.as_person(org.manager)
    outside = str(plan.target_date + datetime.timedelta(days=1))
    response = client.post(url, {"title": "Late", "due_date": outside}, format="json")
    assert response.status_code == 400 and "due_date" in response.json()
    before = str(plan.start_date - datetime.timedelta(days=1))
    assert client.post(url, {"title": "Early", "due_date": before}, format="json").status_code == 400
    foreign_area = GrowthAreaFactory(plan=DevelopmentPlanFactory(person=org.peer))
    response = client.post(url, {"title": "X", "due_date": str(today), "growth_area": foreign_area.pk}, format="json")
    assert response.status_code == 400 and "growth_area" in response.json()
    assert client.post(url, {"title": "X", "due_date": str(today), "kind": "nonsense"}, format="json").status_code == 400
    assert client.post(url, {"due_date": str(today)}, format="json").status_code == 400
    assert not Milestone.objects.filter(plan=plan).exists()
    area = plan.growth_areas.get()
    response = client.post(url, {"title": "Lead the workshop", "due_date": str(today), "kind": "lead_project",
                                 "growth_area": area.pk, "description": "90 minutes"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["growth_area"] == area.pk and body["status"] == "planned" and body["plan"] == plan.pk


def test_milestone_lifecycle_and_notifications(api, org, make_milestone, django_capture_on_commit_callbacks):
    milestone = make_milestone()
    rep, manager = api.as_person(org.rep), None
    assert rep.post(f"/api/v1/milestones/{milestone.pk}/submit/").status_code == 409  # not started
    assert rep.post(f"/api/v1/milestones/{milestone.pk}/start/").json()["status"] == "in_progress"
    assert rep.post(f"/api/v1/milestones/{milestone.pk}/start/").status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        response = rep.post(f"/api/v1/milestones/{milestone.pk}/submit/", {"evidence": "Deck and notes"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted" and response.json()["evidence"] == "Deck and notes"
    waiting = Notification.objects.get(kind="milestone_awaiting_decision")
    assert waiting.recipient == org.manager and waiting.subject_key == f"milestone:{milestone.pk}"
    assert waiting.period.startswith("submitted:")

    manager = api.as_person(org.manager)
    assert manager.post(f"/api/v1/milestones/{milestone.pk}/request-changes/", {}, format="json").status_code == 400
    assert manager.post(f"/api/v1/milestones/{milestone.pk}/request-changes/", {"comment": "  "}, format="json").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(f"/api/v1/milestones/{milestone.pk}/request-changes/",
                                {"comment": "Add the customer quotes"}, format="json")
    body = response.json()
    assert body["status"] == "changes_requested" and body["decided_by"] == org.manager.pk
    assert body["decision_comment"] == "Add the customer quotes"
    assert manager.post(f"/api/v1/milestones/{milestone.pk}/approve/").status_code == 409

    rep = api.as_person(org.rep)
    with django_capture_on_commit_callbacks(execute=True):
        assert rep.post(f"/api/v1/milestones/{milestone.pk}/submit/", {"evidence": "With quotes"}).status_code == 200
    manager = api.as_person(org.manager)
    with django_capture_on_commit_callbacks(execute=True):
        assert manager.post(f"/api/v1/milestones/{milestone.pk}/approve/").json()["status"] == "approved"
    for action in ("start", "submit", "approve", "request-changes", "cancel"):
        client = api.as_person(org.rep if action in ("start", "submit", "cancel") else org.manager)
        assert client.post(f"/api/v1/milestones/{milestone.pk}/{action}/", {"comment": "x"}, format="json").status_code == 409
    decided = Notification.objects.filter(kind="milestone_decided", recipient=org.rep)
    assert decided.count() == 2  # one per decision
    assert Notification.objects.filter(kind="milestone_awaiting_decision").count() == 2
    history = Milestone.history.filter(id=milestone.pk, status="approved")
    assert history.count() == 1 and history.get().history_user == org.manager.user


@pytest.mark.parametrize("plan_status", [PlanStatus.DRAFT, PlanStatus.PENDING_APPROVAL, PlanStatus.COMPLETED])
def test_milestones_move_only_on_active_plans(api, org, plan, make_milestone, plan_status):
    milestone = make_milestone()
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status=plan_status)
    assert api.as_person(org.rep).post(f"/api/v1/milestones/{milestone.pk}/start/").status_code == 409


def test_no_milestones_added_to_closed_plans(api, org, plan, today):
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.ARCHIVED)
    response = api.as_person(org.rep).post(f"/api/v1/plans/{plan.pk}/milestones/",
                                           {"title": "X", "due_date": str(today)}, format="json")
    assert response.status_code == 409


def test_cancel(api, org, make_milestone):
    milestone = make_milestone(MilestoneStatus.IN_PROGRESS)
    assert api.as_person(org.manager).post(f"/api/v1/milestones/{milestone.pk}/cancel/").json()["status"] == "cancelled"
    assert api.as_person(org.manager).post(f"/api/v1/milestones/{milestone.pk}/cancel/").status_code == 409


# --- progress and overdue ----------------------------------------------------------------------


def test_progress_is_the_share_of_non_cancelled_milestones_approved(api, org, plan, make_milestone):
    assert api.as_person(org.rep).get(f"/api/v1/plans/{plan.pk}/").json()["progress"] == 0
    make_milestone(MilestoneStatus.APPROVED)
    make_milestone(MilestoneStatus.SUBMITTED)
    make_milestone(MilestoneStatus.IN_PROGRESS)
    make_milestone(MilestoneStatus.CANCELLED)
    assert api.as_person(org.rep).get(f"/api/v1/plans/{plan.pk}/").json()["progress"] == 33
    Milestone.objects.filter(plan=plan).exclude(status=MilestoneStatus.CANCELLED).update(status=MilestoneStatus.APPROVED)
    assert api.as_person(org.rep).get(f"/api/v1/plans/{plan.pk}/").json()["progress"] == 100
    listed = api.as_person(org.rep).get("/api/v1/plans/").json()["results"][0]
    assert listed["progress"] == 100


@pytest.mark.parametrize(
    "status,offset,overdue",
    [
        (MilestoneStatus.PLANNED, -1, True),
        (MilestoneStatus.IN_PROGRESS, -20, True),
        (MilestoneStatus.SUBMITTED, -1, True),
        (MilestoneStatus.CHANGES_REQUESTED, -1, True),
        (MilestoneStatus.APPROVED, -1, False),
        (MilestoneStatus.CANCELLED, -1, False),
        (MilestoneStatus.PLANNED, 0, False),
        (MilestoneStatus.PLANNED, 1, False),
    ],
)
def test_overdue_flag(api, org, make_milestone, status, offset, overdue):
    milestone = make_milestone(status, offset=offset)
    assert api.as_person(org.rep).get(f"/api/v1/milestones/{milestone.pk}/").json()["overdue"] is overdue


def test_milestones_are_ordered_by_due_date(api, org, plan, make_milestone):
    late, early, middle = make_milestone(offset=50), make_milestone(offset=-5), make_milestone(offset=5)
    body = api.as_person(org.rep).get(f"/api/v1/plans/{plan.pk}/").json()
    assert [m["id"] for m in body["milestones"]] == [early.pk, middle.pk, late.pk]
    listed = api.as_person(org.rep).get(f"/api/v1/plans/{plan.pk}/milestones/").json()["results"]
    assert [m["id"] for m in listed] == [early.pk, middle.pk, late.pk]


# --- readiness and champion actions -------------------------------------------------------------


def test_readiness_feedback_is_recorded_and_logged(api, org, plan):
    response = api.as_person(org.manager).post(
        f"/api/v1/plans/{plan.pk}/readiness/",
        {"readiness": "within_6_12_months", "feedback": "Lead two executive briefings first."}, format="json",
    )
    body = response.json()
    assert body["readiness"] == "within_6_12_months" and body["readiness_updated_by"] == org.manager.pk
    assert ChampionAction.objects.get(plan=plan).kind == "readiness_feedback"
    assert api.as_person(org.manager).post(f"/api/v1/plans/{plan.pk}/readiness/",
                                           {"readiness": "ready_now", "feedback": ""}, format="json").status_code == 400


def test_champion_action_cannot_be_in_the_future(api, org, plan, today):
    response = api.as_person(org.manager).post(
        f"/api/v1/plans/{plan.pk}/champion-actions/",
        {"kind": "recommendation", "description": "EMEA pilot", "outside_team": True,
         "occurred_on": str(today + datetime.timedelta(days=3))}, format="json",
    )
    assert response.status_code == 400
    listed = api.as_person(org.rep).get(f"/api/v1/plans/{plan.pk}/champion-actions/").json()
    assert listed["count"] == 0


# --- the services the coaching helper calls -------------------------------------------------------


def test_current_plan_for_prefers_the_active_plan(org, plan):
    from devplans.selectors import current_plan_for

    DevelopmentPlanFactory(person=org.rep, status=PlanStatus.COMPLETED)
    assert current_plan_for(org.rep) == plan
    assert current_plan_for(org.peer) is None
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.ARCHIVED)
    assert current_plan_for(org.rep) is None


def test_milestone_create_service_for_an_action_item(org, plan, today):
    milestone = services.milestone_create(actor=org.manager, plan=plan, title="From the 1:1",
                                          due_date=today + datetime.timedelta(days=14))
    assert milestone.pk and milestone.status == MilestoneStatus.PLANNED
    with pytest.raises(TransitionNotAllowed):
        plan.status = PlanStatus.ARCHIVED
        plan.save()
        services.milestone_create(actor=org.manager, plan=plan, title="Late", due_date=today)


def test_no_decisions_on_a_plan_that_is_no_longer_active(api, org, plan, submitted):
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.ARCHIVED)
    assert api.as_person(org.manager).post(f"/api/v1/milestones/{submitted.pk}/approve/").status_code == 409
    assert api.as_person(org.manager).get("/api/v1/approvals/").json()["count"] == 0
