import pytest
from django.test import Client

from coaching.models import Mentorship, MentorshipStatus, SessionStatus
from tests.factories import PersonFactory
from tests.factories.coaching import CoachingSessionFactory, MentorshipFactory, ObservationFactory

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
    session.agenda_items.create(author=org.rep, text="Career")
    MentorshipFactory(mentor=org.peer, mentee=org.rep, quota_relief=1000)
    ObservationFactory(person=org.rep, observed_by=org.manager)
    for path in ["coachingsession", "cadencepolicy", "mentorship", "flightriskobservation", "quotarelief"]:
        assert admin_client_hr.get(f"/admin/coaching/{path}/").status_code == 200, path
    page = admin_client_hr.get(f"/admin/coaching/coachingsession/{session.pk}/change/")
    assert page.status_code == 200 and "Career" in page.content.decode()


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
