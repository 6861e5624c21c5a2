import datetime

import pytest

from coaching.models import AgendaItem, CoachingSession, SessionStatus
from devplans.models import PlanStatus
from tests.coaching.helpers import days_ago
from tests.factories import PersonFactory
from tests.factories.coaching import ActionItemFactory, AgendaItemFactory, CoachingSessionFactory
from tests.factories.devplans import DevelopmentPlanFactory

pytestmark = pytest.mark.django_db

SECRET = "Thinking about moving her to another territory."


@pytest.fixture
def session(org):
    return CoachingSessionFactory(
        coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED, scheduled_at=days_ago(-2),
        shared_notes="Agreed next steps.", private_notes=SECRET,
    )


def new_session(api, actor, coachee_id, **extra):
    body = {"coachee": coachee_id, "kind": "weekly_1on1", "scheduled_at": days_ago(-1).isoformat(), **extra}
    return api.as_person(actor).post("/api/v1/coaching/sessions/", body, format="json")


# --- private notes --------------------------------------------------------------------------------

def test_coachee_never_sees_private_notes_in_list_or_detail(api, org, session):
    api.as_person(org.rep)
    listed = api.get("/api/v1/coaching/sessions/")
    detail = api.get(f"/api/v1/coaching/sessions/{session.pk}/")
    assert listed.status_code == detail.status_code == 200
    assert listed.json()["results"][0]["shared_notes"] == "Agreed next steps."
    assert "private_notes" not in listed.json()["results"][0]
    assert "private_notes" not in detail.json()
    assert SECRET not in listed.content.decode() + detail.content.decode()


@pytest.mark.parametrize("who", ["manager", "vp", "hr"])
def test_manager_chain_and_hr_read_private_notes(api, org, session, who):
    response = api.as_person(getattr(org, who)).get(f"/api/v1/coaching/sessions/{session.pk}/")
    assert response.status_code == 200
    assert response.json()["private_notes"] == SECRET


@pytest.mark.parametrize("who", ["peer", "other_manager", "other_rep"])
def test_sessions_of_others_are_404_and_absent_from_lists(api, org, session, who):
    api.as_person(getattr(org, who))
    assert api.get(f"/api/v1/coaching/sessions/{session.pk}/").status_code == 404
    assert api.get("/api/v1/coaching/sessions/").json()["count"] == 0


def test_coachee_cannot_patch_notes_in(api, org, session):
    response = api.as_person(org.rep).patch(f"/api/v1/coaching/sessions/{session.pk}/", {"shared_notes": "x"}, format="json")
    assert response.status_code == 403
    session.refresh_from_db()
    assert session.shared_notes == "Agreed next steps."


def test_status_is_not_writable_through_patch(api, org, session):
    response = api.as_person(org.manager).patch(
        f"/api/v1/coaching/sessions/{session.pk}/", {"status": "held", "private_notes": "new"}, format="json"
    )
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED
    assert session.private_notes == "new"


# --- who may coach whom ---------------------------------------------------------------------------

def test_direct_manager_schedules_with_default_duration(api, org):
    response = new_session(api, org.manager, org.rep.pk, kind="quarterly_career", conversation="recognition_vision")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["duration_minutes"] == 90
    assert body["coach"]["id"] == org.manager.pk
    assert body["opening_question"] == "What impact do you want to have here in the next 12 months?"


@pytest.mark.parametrize("who", ["vp", "hr"])
def test_skip_level_manager_and_hr_may_coach(api, org, who):
    assert new_session(api, getattr(org, who), org.rep.pk).status_code == 201


@pytest.mark.parametrize("who", ["peer", "other_manager", "other_rep"])
def test_peers_and_other_teams_cannot_coach(api, org, who):
    response = new_session(api, getattr(org, who), org.rep.pk)
    assert response.status_code == 400
    assert "coachee" in response.json()
    assert not CoachingSession.objects.exists()


def test_nobody_coaches_themself(api, org):
    response = new_session(api, org.manager, org.manager.pk)
    assert response.status_code == 400
    assert "coachee" in response.json()


def test_coach_field_in_body_is_ignored(api, org):
    response = new_session(api, org.manager, org.rep.pk, coach=org.other_manager.pk)
    assert response.status_code == 201
    assert response.json()["coach"]["id"] == org.manager.pk


# --- transitions, agenda, action items ------------------------------------------------------------

def test_hold_then_hold_again_is_409_and_coachee_may_not_hold(api, org, session):
    assert api.as_person(org.rep).post(f"/api/v1/coaching/sessions/{session.pk}/hold/").status_code == 403
    api.as_person(org.manager)
    first = api.post(f"/api/v1/coaching/sessions/{session.pk}/hold/", {"shared_notes": "Good talk"}, format="json")
    assert first.status_code == 200
    assert first.json()["status"] == "held"
    assert api.post(f"/api/v1/coaching/sessions/{session.pk}/cancel/").status_code == 409
    assert api.post(f"/api/v1/coaching/sessions/{session.pk}/miss/").status_code == 409


def test_coachee_and_coach_each_set_agenda_and_share_is_shown(api, org, session):
    url = f"/api/v1/coaching/sessions/{session.pk}/agenda/"
    assert api.as_person(org.rep).post(url, {"text": "My promotion path"}, format="json").status_code == 201
    assert api.as_person(org.manager).post(url, {"text": "Forecast"}, format="json").status_code == 201
    assert api.as_person(org.vp).post(url, {"text": "Not mine"}, format="json").status_code == 403
    detail = api.as_person(org.rep).get(f"/api/v1/coaching/sessions/{session.pk}/").json()
    assert [item["text"] for item in detail["agenda_items"]] == ["My promotion path", "Forecast"]
    assert detail["coachee_agenda_share"] == 50


def test_adding_an_agenda_item_leaves_one_historical_row_naming_the_actor(api, org, session):
    response = api.as_person(org.rep).post(
        f"/api/v1/coaching/sessions/{session.pk}/agenda/", {"text": "My promotion path"}, format="json"
    )
    assert response.status_code == 201
    item = AgendaItem.objects.get(pk=response.json()["id"])
    row = item.history.get()
    assert row.history_type == "+"
    assert row.history_user == org.rep.user
    assert row.history_change_reason == "Agenda item added"


def test_adding_an_action_item_leaves_one_historical_row_naming_the_actor(api, org, session):
    response = api.as_person(org.manager).post(
        f"/api/v1/coaching/sessions/{session.pk}/action-items/", {"text": "Draft the case study"}, format="json"
    )
    assert response.status_code == 201
    row = session.action_items.get().history.get()
    assert row.history_user == org.manager.user
    assert row.history_change_reason == "Action item added"


def test_agenda_closed_after_session_held(api, org, session):
    api.as_person(org.manager).post(f"/api/v1/coaching/sessions/{session.pk}/hold/")
    response = api.as_person(org.rep).post(f"/api/v1/coaching/sessions/{session.pk}/agenda/", {"text": "late"}, format="json")
    assert response.status_code == 409


def test_action_item_owner_must_be_coach_or_coachee(api, org, session):
    url = f"/api/v1/coaching/sessions/{session.pk}/action-items/"
    api.as_person(org.manager)
    assert api.post(url, {"text": "Draft the case study", "owner": org.peer.pk}, format="json").status_code == 400
    response = api.post(url, {"text": "Draft the case study"}, format="json")
    assert response.status_code == 201
    assert response.json()["owner"] == org.rep.pk


def test_action_item_to_milestone_out_of_scope_is_404(api, org, session):
    item = api.as_person(org.manager).post(
        f"/api/v1/coaching/sessions/{session.pk}/action-items/", {"text": "Shadow the VP"}, format="json"
    ).json()
    assert api.as_person(org.other_manager).post(f"/api/v1/coaching/action-items/{item['id']}/to-milestone/").status_code == 404


def test_action_item_becomes_a_milestone_on_the_current_plan(api, org, session, today):
    plan = DevelopmentPlanFactory(person=org.rep, status=PlanStatus.ACTIVE)
    api.as_person(org.manager)
    item = api.post(f"/api/v1/coaching/sessions/{session.pk}/action-items/",
                    {"text": "Present the Acme case study", "due_date": str(today + datetime.timedelta(days=20))},
                    format="json").json()
    response = api.post(f"/api/v1/coaching/action-items/{item['id']}/to-milestone/")
    assert response.status_code == 201, response.content
    assert plan.milestones.get().title == "Present the Acme case study"
    assert api.post(f"/api/v1/coaching/action-items/{item['id']}/to-milestone/").status_code == 409


# --- query counts ---------------------------------------------------------------------------------

def test_session_list_and_detail_query_counts(api, org, django_assert_max_num_queries):
    for index in range(30):
        report = PersonFactory(manager=org.manager)
        session = CoachingSessionFactory(coach=org.manager, coachee=report, scheduled_at=days_ago(index))
        AgendaItemFactory(session=session, author=report)
        AgendaItemFactory(session=session, author=org.manager)
        ActionItemFactory(session=session, owner=report)
    api.as_person(org.vp)
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/coaching/sessions/", {"page_size": 50})
    assert response.json()["count"] == 30
    assert all(row["coachee_agenda_share"] == 50 for row in response.json()["results"])
    with django_assert_max_num_queries(8):
        assert api.get(f"/api/v1/coaching/sessions/{session.pk}/").status_code == 200


@pytest.mark.parametrize("path", [
    "/api/v1/coaching/sessions/99999999999999999999999/",
    "/api/v1/mentorships/99999999999999999999999/",
    "/api/v1/coaching/flight-risk/99999999999999999999999/",
])
def test_huge_ids_are_404_not_500(api, org, path):
    assert api.as_person(org.manager).get(path).status_code == 404


def test_huge_coachee_id_is_400(api, org):
    assert new_session(api, org.manager, 99999999999999999999999).status_code == 400


def test_someone_who_left_cannot_write_into_an_old_session(api, org, today):
    """An offboarded rep signing in to the alumni network still sees her old 1:1 but adds nothing to it."""
    import datetime

    from django.utils import timezone

    from alumni.services import person_offboard
    from coaching.models import AgendaItem, SessionStatus
    from tests.factories.coaching import CoachingSessionFactory

    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED,
                                     scheduled_at=timezone.now() + datetime.timedelta(days=2), shared_notes="")
    person_offboard(actor=org.hr, person=org.rep, left_on=today, reason="Joined another company")
    org.rep.refresh_from_db()
    client = api.as_person(org.rep)
    assert client.get(f"/api/v1/coaching/sessions/{session.pk}/").status_code == 200
    response = client.post(f"/api/v1/coaching/sessions/{session.pk}/agenda/", {"text": "One more thing"})
    assert response.status_code == 403
    assert not AgendaItem.objects.filter(session=session).exists()
