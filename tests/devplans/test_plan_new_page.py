"""/plans/new/?person=<id>: a manager starts a draft plan with a report (linked from /team/)."""
import datetime

import pytest

from coaching.models import SessionStatus
from devplans import sections
from devplans.models import DevelopmentPlan, PlanStatus
from tests.factories.coaching import CoachingSessionFactory

pytestmark = pytest.mark.django_db


def _form(role, today, **overrides):
    data = {
        "person": "", "ambition": "next_role", "target_role": role.pk, "summary": "Own a strategic territory.",
        "start_date": today.isoformat(), "target_date": (today + datetime.timedelta(days=300)).isoformat(),
    }
    data.update(overrides)
    return data


def test_manager_creates_a_draft_plan_for_a_report(client, org, role, today):
    client.force_login(org.manager.user)
    page = client.get(f"/plans/new/?person={org.peer.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"A new development plan for {org.peer.full_name}" in html and 'for="id_target_date"' in html
    response = client.post("/plans/new/", _form(role, today, person=org.peer.pk), follow=True)
    plan = DevelopmentPlan.objects.get(person=org.peer)
    assert plan.status == PlanStatus.DRAFT and plan.created_by == org.manager and plan.target_role == role
    assert response.redirect_chain[-1][0] == f"/plans/{plan.pk}/"
    assert f"Draft plan created for {org.peer.full_name}." in response.content.decode()


def test_a_second_open_plan_is_refused_with_the_reason_on_the_form(client, org, role, today, plan):
    client.force_login(org.manager.user)
    response = client.post("/plans/new/", _form(role, today, person=org.rep.pk))
    assert response.status_code == 200
    assert "already has an open plan" in response.content.decode()
    assert DevelopmentPlan.objects.filter(person=org.rep).count() == 1


def test_target_before_start_is_shown_on_the_form(client, org, role, today):
    client.force_login(org.manager.user)
    response = client.post("/plans/new/", _form(role, today, person=org.peer.pk,
                                                target_date=(today - datetime.timedelta(days=1)).isoformat()))
    assert response.status_code == 200 and not DevelopmentPlan.objects.filter(person=org.peer).exists()
    assert "The plan was not created" in response.content.decode()


def test_someone_outside_the_line_is_404(client, org, role, today):
    client.force_login(org.manager.user)
    assert client.get(f"/plans/new/?person={org.other_rep.pk}").status_code == 404
    assert client.post("/plans/new/", _form(role, today, person=org.other_rep.pk)).status_code == 404
    assert not DevelopmentPlan.objects.filter(person=org.other_rep).exists()


def test_team_page_links_each_report_to_a_new_plan_and_a_session(client, org, plan):
    client.force_login(org.manager.user)
    html = client.get("/team/").content.decode()
    assert f"/plans/new/?person={org.peer.pk}" in html  # the peer has no plan yet
    assert f"/plans/new/?person={org.rep.pk}" not in html  # the rep has one
    assert f"/coaching/sessions/new/?coachee={org.peer.pk}" in html


@pytest.fixture
def next_sessions_on_my_plan():
    """The rep's next 1:1s on the plan page, registered the way coaching registers them (devplans.sections)."""
    from coaching.selectors import upcoming_sessions_for

    name = "tests.upcoming_sessions"
    sections.register_my_plan_context(lambda *, person: {"upcoming_sessions": upcoming_sessions_for(person)}, name=name)
    yield
    sections.unregister_my_plan_context(name)


def test_my_plan_offers_the_next_one_on_one_agenda(client, org, plan, next_sessions_on_my_plan):
    from django.utils import timezone

    session = CoachingSessionFactory(
        coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED, shared_notes="",
        scheduled_at=timezone.now() + datetime.timedelta(days=2),
    )
    client.force_login(org.rep.user)
    html = client.get("/plans/mine/").content.decode()
    assert "Your next 1:1" in html and f"/coaching/sessions/{session.pk}/agenda/" in html


def test_my_plan_shows_what_a_registered_app_adds(client, org, plan):
    name = "tests.extra"
    sections.register_my_plan_context(lambda *, person: {"upcoming_sessions": []}, name=name)
    try:
        client.force_login(org.rep.user)
        html = client.get("/plans/mine/").content.decode()
    finally:
        sections.unregister_my_plan_context(name)
    assert "No 1:1 is scheduled yet." in html
