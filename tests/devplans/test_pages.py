"""The rep's plan page, the plan page for managers, and the /team/ partials' forms."""
import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from devplans.models import DevelopmentPlan, MilestoneStatus, PlanStatus
from devplans.selectors import team_plans_context
from tests.factories.devplans import ChampionActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    def sign_in(person):
        client.force_login(person.user)
        return client

    return sign_in


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_my_plan_shows_the_timeline(signed_in, org, plan, make_milestone, django_assert_max_num_queries):
    make_milestone(MilestoneStatus.APPROVED, offset=-20, title="Shadow the CRO")
    make_milestone(MilestoneStatus.IN_PROGRESS, offset=-3, title="Workshop for the team")
    make_milestone(MilestoneStatus.PLANNED, offset=30, title="Present to the VP")
    DevelopmentPlan.objects.filter(pk=plan.pk).update(readiness="within_6_12_months",
                                                      readiness_feedback="Lead two briefings first.")
    ChampionActionFactory(plan=plan, manager=org.manager, description="Introduced to Vera")
    client = signed_in(org.rep)
    with django_assert_max_num_queries(14):
        response = client.get("/plans/mine/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Shadow the CRO") < html.index("Workshop for the team") < html.index("Present to the VP")
    assert 'class="today"' in html and "Today" in html
    assert "Overdue" in html and "1 overdue" in html
    assert 'aria-valuenow="33"' in html
    assert "Exec selling" in html and "Focus: mastery" in html
    assert "Within 6–12 months" in html and "Lead two briefings first." in html
    assert "Introduced to Vera" in html
    assert "Submit for approval" in html and 'name="evidence"' in html and "csrfmiddlewaretoken" in html


def test_my_plan_empty_state(signed_in, org):
    response = signed_in(org.peer).get("/plans/mine/")
    assert response.status_code == 200 and "You have no plan yet" in response.content.decode()


def test_a_manager_has_their_own_plan_page(signed_in, org):
    from tests.factories.devplans import DevelopmentPlanFactory

    DevelopmentPlanFactory(person=org.manager, summary="Become a director")
    response = signed_in(org.manager).get("/plans/mine/")
    assert "Become a director" in response.content.decode()


def test_start_and_submit_from_the_page(signed_in, org, make_milestone, django_capture_on_commit_callbacks):
    milestone = make_milestone(MilestoneStatus.PLANNED)
    client = signed_in(org.rep)
    response = client.post(f"/plans/milestones/{milestone.pk}/start/", {"next": "/plans/mine/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/plans/mine/"
    assert any("Started" in text for text in _messages(response))
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.IN_PROGRESS
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/plans/milestones/{milestone.pk}/submit/", {"evidence": "The deck"}, follow=True)
    milestone.refresh_from_db()
    assert (milestone.status, milestone.evidence) == (MilestoneStatus.SUBMITTED, "The deck")
    assert any("Submitted" in text for text in _messages(response))
    response = client.post(f"/plans/milestones/{milestone.pk}/start/", follow=True)
    assert any("cannot be started" in text for text in _messages(response))


def test_evidence_posted_with_a_nul_character_is_stored_without_it(signed_in, org, make_milestone):
    milestone = make_milestone(MilestoneStatus.IN_PROGRESS)
    response = signed_in(org.rep).post(f"/plans/milestones/{milestone.pk}/submit/", {"evidence": "ok\x00bad"},
                                       follow=True)
    assert any("Submitted" in text for text in _messages(response))
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.SUBMITTED
    assert "\x00" not in milestone.evidence
    assert milestone.evidence == "okbad"


def test_hr_and_the_direct_manager_see_the_decision_forms_on_the_plan_page(signed_in, org, plan, submitted):
    decide = f"/plans/milestones/{submitted.pk}/approve/"
    for decider in (org.manager, org.hr):
        assert decide in signed_in(decider).get(f"/plans/{plan.pk}/").content.decode(), decider
    # The skip-level manager sees the plan but does not decide; the owner never decides.
    assert decide not in signed_in(org.vp).get(f"/plans/{plan.pk}/").content.decode()
    assert decide not in signed_in(org.rep).get("/plans/mine/").content.decode()
    response = signed_in(org.hr).post(decide, {"next": f"/plans/{plan.pk}/"}, follow=True)
    assert any("Approved" in text for text in _messages(response))
    submitted.refresh_from_db()
    assert (submitted.status, submitted.decided_by) == (MilestoneStatus.APPROVED, org.hr)


def test_cancel_a_milestone_from_the_page(signed_in, org, plan, make_milestone):
    kept = make_milestone(MilestoneStatus.APPROVED, offset=-10, title="Shadow the CRO")
    dropped = make_milestone(MilestoneStatus.PLANNED, offset=20, title="Run the pricing workshop")
    client = signed_in(org.rep)
    html = client.get("/plans/mine/").content.decode()
    assert f"/plans/milestones/{dropped.pk}/cancel/" in html
    assert f"/plans/milestones/{kept.pk}/cancel/" not in html  # approved work stays
    assert 'aria-valuenow="50"' in html
    response = client.post(f"/plans/milestones/{dropped.pk}/cancel/", {"next": "/plans/mine/"}, follow=True)
    assert any("Cancelled “Run the pricing workshop”" in text for text in _messages(response))
    dropped.refresh_from_db()
    assert dropped.status == MilestoneStatus.CANCELLED
    html = response.content.decode()
    assert 'aria-valuenow="100"' in html  # a cancelled milestone leaves the progress figure
    assert f"/plans/milestones/{dropped.pk}/cancel/" not in html
    response = client.post(f"/plans/milestones/{dropped.pk}/cancel/", follow=True)
    assert any("cannot be cancelled" in text for text in _messages(response))


def test_a_manager_cancels_from_the_plan_page_and_a_peer_cannot(signed_in, org, plan, make_milestone):
    milestone = make_milestone(MilestoneStatus.IN_PROGRESS)
    assert f"/plans/milestones/{milestone.pk}/cancel/" in signed_in(org.manager).get(f"/plans/{plan.pk}/").content.decode()
    assert signed_in(org.peer).post(f"/plans/milestones/{milestone.pk}/cancel/").status_code == 404
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.IN_PROGRESS
    signed_in(org.manager).post(f"/plans/milestones/{milestone.pk}/cancel/")
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.CANCELLED


def test_page_forms_need_post_and_scope(signed_in, org, make_milestone):
    milestone = make_milestone(MilestoneStatus.PLANNED)
    assert signed_in(org.rep).get(f"/plans/milestones/{milestone.pk}/start/").status_code == 405
    assert signed_in(org.other_rep).post(f"/plans/milestones/{milestone.pk}/start/").status_code == 404
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PLANNED


def test_plan_detail_page_is_scoped(signed_in, org, plan):
    assert signed_in(org.manager).get(f"/plans/{plan.pk}/").status_code == 200
    assert signed_in(org.vp).get(f"/plans/{plan.pk}/").status_code == 200
    assert signed_in(org.other_manager).get(f"/plans/{plan.pk}/").status_code == 404
    assert signed_in(org.peer).get(f"/plans/{plan.pk}/").status_code == 404


def test_team_partials_render_forms(org, submitted, rf: RequestFactory):
    request = rf.get("/team/")
    request.user = org.manager.user
    context = team_plans_context(manager=org.manager)
    html = render_to_string("devplans/_team_approvals.html", context, request=request)
    assert submitted.title in html and "Ava Rep" in html
    assert f"/plans/milestones/{submitted.pk}/approve/" in html
    assert f"/plans/milestones/{submitted.pk}/request-changes/" in html
    assert 'name="comment"' in html and "required" in html
    html = render_to_string("devplans/_team_plans.html", context, request=request)
    assert "Ava Rep" in html and "Ben Peer" in html and "No plan" in html and "Active" in html


def test_team_approve_and_request_changes(signed_in, org, submitted, make_milestone, django_capture_on_commit_callbacks):
    client = signed_in(org.manager)
    # The team page's forms say where to come back to; the plan pages' forms do too.
    response = client.post(f"/plans/milestones/{submitted.pk}/request-changes/", {"comment": "", "next": "/team/"},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/team/"
    assert any("comment is required" in text for text in _messages(response))
    submitted.refresh_from_db()
    assert submitted.status == MilestoneStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/plans/milestones/{submitted.pk}/request-changes/",
                               {"comment": "Add numbers", "next": "/team/?tab=plans"})
    assert response.status_code == 302 and response["Location"] == "/team/?tab=plans"
    submitted.refresh_from_db()
    assert (submitted.status, submitted.decision_comment) == (MilestoneStatus.CHANGES_REQUESTED, "Add numbers")
    other = make_milestone(MilestoneStatus.SUBMITTED)
    response = client.post(f"/plans/milestones/{other.pk}/approve/", {"next": "https://evil.example/"})
    assert response["Location"] == f"/plans/{other.plan_id}/#milestone-{other.pk}"  # not off-site: the plan
    other.refresh_from_db()
    assert other.status == MilestoneStatus.APPROVED
    response = signed_in(org.vp).post(f"/plans/milestones/{other.pk}/approve/", follow=True)
    assert f"“{other.title}”: Only {org.rep.full_name}'s direct manager or HR may decide on this milestone." in _messages(response)


def test_skip_level_cannot_decide_from_the_page(signed_in, org, submitted):
    response = signed_in(org.vp).post(f"/plans/milestones/{submitted.pk}/approve/", follow=True)
    assert any("direct manager" in text for text in _messages(response))
    submitted.refresh_from_db()
    assert submitted.status == MilestoneStatus.SUBMITTED


def test_admin_lists_plans_with_filters_and_approves_through_services(client, org, plan, submitted, make_milestone):
    client.force_login(org.hr.user)
    org.hr.user.is_superuser = True
    org.hr.user.save()
    make_milestone(MilestoneStatus.IN_PROGRESS, offset=-5)
    for url in ("/admin/devplans/developmentplan/", "/admin/devplans/developmentplan/?overdue=yes",
                f"/admin/devplans/developmentplan/?person__team__id__exact={org.rep.team_id}",
                f"/admin/devplans/developmentplan/{plan.pk}/change/", f"/admin/devplans/developmentplan/{plan.pk}/history/",
                "/admin/devplans/milestone/?overdue=yes", "/admin/devplans/championaction/"):
        assert client.get(url).status_code == 200, url
    assert "Ava Rep" in client.get("/admin/devplans/developmentplan/?overdue=yes").content.decode()
    assert "Ava Rep" not in client.get("/admin/devplans/developmentplan/?overdue=no").content.decode()
    response = client.post("/admin/devplans/milestone/", {"action": "approve_milestones", "_selected_action": [submitted.pk]})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == MilestoneStatus.APPROVED and submitted.decided_by == org.hr
    assert submitted.history.first().history_user == org.hr.user


def test_pages_handle_today_outside_the_plan(signed_in, org, plan, today):
    DevelopmentPlan.objects.filter(pk=plan.pk).update(
        start_date=today + datetime.timedelta(days=5), target_date=today + datetime.timedelta(days=50),
        status=PlanStatus.DRAFT,
    )
    response = signed_in(org.rep).get("/plans/mine/")
    assert response.status_code == 200 and 'class="today"' not in response.content.decode()


def test_admin_refuses_a_due_date_outside_the_plan(client, org, plan, role, make_milestone):
    org.hr.user.is_superuser = True
    org.hr.user.save()
    client.force_login(org.hr.user)
    milestone = make_milestone()
    response = client.post(f"/admin/devplans/milestone/{milestone.pk}/change/", {
        "plan": plan.pk, "title": milestone.title, "description": "", "kind": "other",
        "due_date": str(plan.target_date + datetime.timedelta(days=1)), "evidence": "",
    })
    assert response.status_code == 200 and "must fall within the plan" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.due_date <= plan.target_date
