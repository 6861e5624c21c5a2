import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from coaching.models import CoachingSession, Mentorship, MentorshipStatus, QuotaRelief, SessionStatus
from coaching.selectors import developmental_gap_days
from people.models import Tier
from tests.factories import PersonFactory
from tests.factories.coaching import (
    ActionItemFactory,
    AgendaItemFactory,
    CadencePolicyFactory,
    CoachingSessionFactory,
    MentorshipFactory,
    ObservationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_hr(org):
    org.hr.user.is_superuser = True
    org.hr.user.save()
    client = Client()
    client.force_login(org.hr.user)
    return client


def test_coaching_admin_pages_load(admin_client_hr, org):
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep)
    agenda_item = AgendaItemFactory(session=session, text="Career")
    action_item = ActionItemFactory(session=session)
    MentorshipFactory(mentor=org.peer, mentee=org.rep, quota_relief=1000)
    ObservationFactory(person=org.rep, observed_by=org.manager)
    for path in ["coachingsession", "cadencepolicy", "mentorship", "flightriskobservation", "quotarelief",
                 "agendaitem", "actionitem"]:
        assert admin_client_hr.get(f"/admin/coaching/{path}/").status_code == 200, path
    page = admin_client_hr.get(f"/admin/coaching/coachingsession/{session.pk}/change/")
    assert page.status_code == 200
    assert "Career" in page.content.decode()
    assert admin_client_hr.get(f"/admin/coaching/agendaitem/{agenda_item.pk}/history/").status_code == 200
    assert admin_client_hr.get(f"/admin/coaching/actionitem/{action_item.pk}/history/").status_code == 200


def test_admin_actions_go_through_services(admin_client_hr, org):
    scheduled = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED)
    held = CoachingSessionFactory(coach=org.manager, coachee=org.peer, status=SessionStatus.HELD)
    response = admin_client_hr.post("/admin/coaching/coachingsession/", {
        "action": "mark_cancelled", "_selected_action": [scheduled.pk, held.pk]}, follow=True)
    scheduled.refresh_from_db(), held.refresh_from_db()
    assert scheduled.status == SessionStatus.CANCELLED
    assert held.status == SessionStatus.HELD  # 409 in the service: reported, not changed
    assert "already held" in response.content.decode()


def test_admin_refuses_a_pairing_over_capacity(admin_client_hr, org, settings):
    settings.CATALYST_MENTOR_CAPACITY = 1
    MentorshipFactory(mentor=org.peer, mentee=PersonFactory())
    response = admin_client_hr.post("/admin/coaching/mentorship/add/", {
        "mentor": org.peer.pk, "mentee": org.rep.pk, "goals": "", "start_date": "2026-01-01",
        "status": MentorshipStatus.PROPOSED, "quota_relief": "0"})
    assert response.status_code == 200
    assert "already mentors 1 people" in response.content.decode()
    assert Mentorship.objects.count() == 1


def test_admin_pairing_is_proposed_by_the_service_with_hr_as_its_author(admin_client_hr, org):
    response = admin_client_hr.post("/admin/coaching/mentorship/add/", {
        "mentor": org.peer.pk, "mentee": org.rep.pk, "goals": "Discovery", "start_date": "2026-01-01",
        "quota_relief": "5000"})
    assert response.status_code == 302
    pairing = Mentorship.objects.get()
    assert pairing.status == MentorshipStatus.PROPOSED and pairing.created_by == org.hr
    assert pairing.history.get().history_change_reason == "Mentorship proposed"


def test_admin_quota_relief_the_service_refuses_is_refused_and_nothing_is_saved(admin_client_hr, org):
    response = admin_client_hr.post("/admin/coaching/quotarelief/add/", {
        "mentor": org.peer.pk, "amount": "10000", "start_date": "2026-03-01", "end_date": "2026-01-31", "note": ""})
    assert response.status_code == 200
    assert "Ends before it starts." in response.content.decode()
    assert not QuotaRelief.objects.exists()


def test_admin_quota_relief_is_granted_by_the_service(admin_client_hr, org):
    response = admin_client_hr.post("/admin/coaching/quotarelief/add/", {
        "mentor": org.peer.pk, "amount": "10000", "start_date": "2026-01-01", "end_date": "", "note": "Six mentees"})
    assert response.status_code == 302
    relief = QuotaRelief.objects.get()
    assert relief.amount == Decimal("10000")
    row = relief.history.get()
    assert row.history_change_reason == "Quota relief granted" and row.history_user == org.hr.user


def test_admin_edit_of_a_held_session_changes_only_its_notes(admin_client_hr, org):
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.HELD)
    url = f"/admin/coaching/coachingsession/{session.pk}/change/"
    form = {
        "kind": session.kind, "conversation": "", "duration_minutes": "45",
        "scheduled_at_0": session.scheduled_at.strftime("%Y-%m-%d"), "scheduled_at_1": session.scheduled_at.strftime("%H:%M:%S"),
        "shared_notes": session.shared_notes, "private_notes": "",
        "agenda_items-TOTAL_FORMS": "0", "agenda_items-INITIAL_FORMS": "0",
        "action_items-TOTAL_FORMS": "0", "action_items-INITIAL_FORMS": "0",
    }
    refused = admin_client_hr.post(url, form)
    assert refused.status_code == 200
    assert "only its notes can change" in refused.content.decode()
    session.refresh_from_db()
    assert session.duration_minutes == 30
    accepted = admin_client_hr.post(url, {**form, "duration_minutes": "30", "shared_notes": "Follow up in May."})
    assert accepted.status_code == 302
    session.refresh_from_db()
    assert session.shared_notes == "Follow up in May."
    assert session.history.first().history_change_reason == "Session edited"


def test_admin_cadence_policy_is_set_through_the_service(admin_client_hr, org):
    policy = CadencePolicyFactory(tier=Tier.TOP_20)
    response = admin_client_hr.post(f"/admin/coaching/cadencepolicy/{policy.pk}/change/", {
        "weekly_1on1_every_days": "7", "monthly_deep_dive_every_days": "30",
        "quarterly_career_every_days": "91", "developmental_gap_days": "45"})
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.developmental_gap_days == 45
    assert policy.history.first().history_change_reason == "Cadence policy set"
    assert developmental_gap_days(Tier.TOP_20) == 45


def test_admin_sessions_are_not_added_on_a_coachs_behalf(admin_client_hr):
    assert admin_client_hr.get("/admin/coaching/coachingsession/add/").status_code == 403


def test_admin_observation_names_hr_as_observer(admin_client_hr, org, today):
    response = admin_client_hr.post("/admin/coaching/flightriskobservation/add/", {
        "person": org.rep.pk, "kind": "flat_energy", "note": "", "observed_on": str(today - datetime.timedelta(days=1))})
    assert response.status_code == 302
    assert org.rep.flight_risk_observations.get().observed_by == org.hr


@pytest.fixture
def admin_client_without_profile(db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "not-used")
    client = Client()
    client.force_login(user)
    return client


def test_an_account_without_a_profile_grants_no_relief_and_runs_no_action(admin_client_without_profile, org):
    """Relief is always someone's decision: a bare superuser is refused, not treated as the system."""
    response = admin_client_without_profile.post("/admin/coaching/quotarelief/add/", {
        "mentor": org.peer.pk, "amount": "10000", "start_date": "2026-01-01", "end_date": "", "note": ""})
    assert response.status_code == 200
    assert "no Catalyst profile" in response.content.decode()
    assert not QuotaRelief.objects.exists()
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED)
    response = admin_client_without_profile.post("/admin/coaching/coachingsession/", {
        "action": "mark_cancelled", "_selected_action": [session.pk]}, follow=True)
    assert "no Catalyst profile" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


def test_an_action_reports_how_many_it_did_beside_each_refusal(admin_client_hr, org):
    sessions = [CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED) for _ in range(2)]
    held = CoachingSessionFactory(coach=org.manager, coachee=org.peer, status=SessionStatus.HELD)
    response = admin_client_hr.post("/admin/coaching/coachingsession/", {
        "action": "mark_missed", "_selected_action": [*(s.pk for s in sessions), held.pk]}, follow=True)
    html = response.content.decode()
    assert "Sessions marked missed: 2." in html
    assert "already held" in html
    assert set(CoachingSession.objects.filter(pk__in=[s.pk for s in sessions]).values_list("status", flat=True)) == {SessionStatus.MISSED}
