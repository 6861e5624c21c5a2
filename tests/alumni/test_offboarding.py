"""Offboarding, re-hiring and erasure: leaving is not deletion, and it is all or nothing."""
import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from alumni.models import AlumniProfile, ErasureRecord, OffboardingRecord
from alumni.services import alumnus_anonymise, person_offboard, person_rehire
from coaching.models import MentorshipStatus
from common.exceptions import TransitionNotAllowed
from devplans.models import DevelopmentPlan, PlanStatus
from insights.setup import hr_group_ensure as ensure_hr_group
from people import leaving
from people.access import scope_by_person
from people.models import HR_GROUP_NAME, ApiToken, Person, PersonStatus
from people.services import api_token_issue
from tests.factories import PersonFactory
from tests.factories.coaching import MentorshipFactory
from tests.factories.devplans import DevelopmentPlanFactory

pytestmark = pytest.mark.django_db

LEFT_ON = datetime.date(2026, 11, 20)


def make_plan(person, status=PlanStatus.ACTIVE):
    return DevelopmentPlanFactory(
        person=person, target_role=None, start_date=datetime.date(2026, 1, 5), target_date=datetime.date(2026, 12, 20),
        status=status,
    )


def make_mentorship(mentor, mentee, status=MentorshipStatus.ACTIVE):
    return MentorshipFactory(mentor=mentor, mentee=mentee, start_date=datetime.date(2026, 3, 1), status=status, goals="")


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)
    return {person.user.username: person for person in Person.objects.select_related("user")}


def token_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# --- the demo: dev leaves -----------------------------------------------------------------------

def test_offboarding_dev_in_the_demo_keeps_his_plans_archived_and_his_history(demo):
    dev, hana = demo["dev"], demo["hana"]
    plan = make_plan(dev)  # the demo's devplans data may not exist on every branch
    demo_plans = set(DevelopmentPlan.objects.filter(person=dev).values_list("pk", flat=True))
    history_before = dev.history.count()

    record = person_offboard(actor=hana, person=dev, left_on=LEFT_ON, reason="Joined a competitor")

    dev.refresh_from_db()
    assert dev.status == PersonStatus.ALUMNI and dev.left_on == LEFT_ON and dev.leaving_reason == "Joined a competitor"
    assert set(DevelopmentPlan.objects.filter(person=dev).values_list("pk", flat=True)) == demo_plans
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ARCHIVED
    assert plan.history.first().history_change_reason.startswith("Archived")
    assert dev.history.count() == history_before + 1
    assert dev.history.first().history_user == hana.user
    assert record.action == OffboardingRecord.Action.OFFBOARDED
    assert {"id": plan.pk, "was": "active"} in record.summary["devplans"]["plans_archived"]
    assert AlumniProfile.objects.get(person=dev).directory_opt_in is False


def test_offboarding_archives_open_plans_and_ends_mentorships_both_ways(org):
    draft, pending, active = (make_plan(org.rep, status) for status in (PlanStatus.DRAFT, PlanStatus.PENDING_APPROVAL, PlanStatus.ACTIVE))
    completed = make_plan(org.rep, PlanStatus.COMPLETED)
    as_mentor = make_mentorship(org.rep, org.peer)
    as_mentee = make_mentorship(org.other_rep, org.rep, MentorshipStatus.PROPOSED)
    finished = make_mentorship(org.rep, org.other_rep, MentorshipStatus.COMPLETED)
    unrelated = make_mentorship(org.peer, org.other_rep)

    record = person_offboard(actor=org.hr, person=org.rep, left_on=LEFT_ON, reason="Relocated")

    for plan in (draft, pending, active):
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ARCHIVED
    completed.refresh_from_db()
    assert completed.status == PlanStatus.COMPLETED
    for mentorship in (as_mentor, as_mentee):
        mentorship.refresh_from_db()
        assert (mentorship.status, mentorship.end_date) == (MentorshipStatus.ENDED, LEFT_ON)
    finished.refresh_from_db()
    unrelated.refresh_from_db()
    assert finished.status == MentorshipStatus.COMPLETED and unrelated.status == MentorshipStatus.ACTIVE
    assert len(record.summary["coaching"]["mentorships_ended"]) == 2
    assert len(record.summary["devplans"]["plans_archived"]) == 3
    assert DevelopmentPlan.objects.filter(person=org.rep).count() == 4  # nothing deleted


def test_a_failure_half_way_leaves_dev_exactly_as_he_was(demo, monkeypatch):
    dev, _marco, hana = demo["dev"], demo["marco"], demo["hana"]
    plan = make_plan(dev)
    mentorship = make_mentorship(dev, demo["eli"])
    token = api_token_issue(user=dev.user)

    def broken_step(**kwargs):
        raise RuntimeError("the coaching step fell over")

    monkeypatch.setitem(leaving._steps, "coaching", leaving.Step("coaching", broken_step))
    with pytest.raises(RuntimeError):
        person_offboard(actor=hana, person=dev, left_on=LEFT_ON, reason="Leaving")

    dev.refresh_from_db()
    plan.refresh_from_db()
    mentorship.refresh_from_db()
    assert dev.status == PersonStatus.ACTIVE and dev.left_on is None and dev.leaving_reason == ""
    assert plan.status == PlanStatus.ACTIVE
    assert mentorship.status == MentorshipStatus.ACTIVE
    assert ApiToken.objects.filter(pk=token.token.pk).exists()
    assert not OffboardingRecord.objects.filter(person=dev).exists()
    assert not AlumniProfile.objects.filter(person=dev).exists()
    assert token_client(token.key).get("/api/v1/me/").json()["role"] == "rep"


def test_a_failure_while_moving_a_manager_leaves_reports_where_they_were(demo, monkeypatch):
    marco, vera, hana = demo["marco"], demo["vera"], demo["hana"]
    reports_before = set(Person.objects.filter(manager=marco).values_list("pk", flat=True))
    monkeypatch.setitem(leaving._steps, "zz_failing", leaving.Step("zz_failing", lambda **kwargs: 1 / 0))
    with pytest.raises(ZeroDivisionError):
        person_offboard(actor=hana, person=marco, left_on=LEFT_ON, reason="Leaving", new_manager=vera)
    assert set(Person.objects.filter(manager=marco).values_list("pk", flat=True)) == reports_before
    assert Person.objects.get(pk=marco.pk).status == PersonStatus.ACTIVE


# --- managers and their reports -------------------------------------------------------------------

def test_offboarding_a_manager_without_a_new_manager_is_refused_and_changes_nothing(api, org):
    response = api.as_person(org.hr).post(
        f"/api/v1/people/{org.manager.pk}/offboard/", {"left_on": "2026-11-20", "reason": "Leaving"}
    )
    assert response.status_code == 400
    assert "new_manager" in response.json()
    assert "Choose who they will report to" in response.json()["new_manager"][0]
    org.manager.refresh_from_db()
    assert org.manager.status == PersonStatus.ACTIVE
    assert set(Person.objects.filter(manager=org.manager).values_list("pk", flat=True)) == {org.rep.pk, org.peer.pk}
    assert not OffboardingRecord.objects.exists()


def test_offboarding_a_manager_moves_their_reports_to_the_chosen_manager(api, org):
    response = api.as_person(org.hr).post(
        f"/api/v1/people/{org.manager.pk}/offboard/",
        {"left_on": "2026-11-20", "reason": "Leaving", "new_manager": org.other_manager.pk},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["action"] == "offboarded" and body["reports_moved_to"] == org.other_manager.pk
    assert sorted(body["summary"]["reports_moved"]) == sorted([org.rep.pk, org.peer.pk])
    org.rep.refresh_from_db()
    org.peer.refresh_from_db()
    assert org.rep.manager == org.other_manager and org.peer.manager == org.other_manager
    assert org.rep.history.first().history_user == org.hr.user


@pytest.mark.parametrize("who", ["manager_itself", "own_report", "alumnus"])
def test_the_new_manager_must_be_active_and_outside_the_reporting_line(org, who):
    alumnus = PersonFactory(status=PersonStatus.ALUMNI)
    new_manager = {"manager_itself": org.manager, "own_report": org.rep, "alumnus": alumnus}[who]
    with pytest.raises(ValidationError) as error:
        person_offboard(actor=org.hr, person=org.manager, left_on=LEFT_ON, reason="Leaving", new_manager=new_manager)
    assert "new_manager" in error.value.message_dict
    assert Person.objects.get(pk=org.manager.pk).status == PersonStatus.ACTIVE


def test_only_hr_may_offboard(api, org):
    assert api.as_person(org.manager).post(
        f"/api/v1/people/{org.rep.pk}/offboard/", {"left_on": "2026-11-20", "reason": "x"}
    ).status_code == 403
    assert api.as_person(org.rep).post(
        f"/api/v1/people/{org.peer.pk}/offboard/", {"left_on": "2026-11-20", "reason": "x"}
    ).status_code == 404
    assert api.as_person(org.rep).post(f"/api/v1/people/{org.rep.pk}/offboard/", {}).status_code == 403
    with pytest.raises(PermissionDenied):
        person_offboard(actor=org.vp, person=org.rep, left_on=LEFT_ON, reason="x")
    assert Person.objects.get(pk=org.rep.pk).status == PersonStatus.ACTIVE


def test_offboarding_someone_who_already_left_is_a_conflict(api, org):
    person_offboard(actor=org.hr, person=org.rep, left_on=LEFT_ON, reason="Leaving")
    response = api.as_person(org.hr).post(f"/api/v1/people/{org.rep.pk}/offboard/", {"left_on": "2026-11-21", "reason": "Again"})
    assert response.status_code == 409
    assert OffboardingRecord.objects.filter(person=org.rep).count() == 1


def test_bad_fields_answer_400(api, org):
    client = api.as_person(org.hr)
    assert client.post(f"/api/v1/people/{org.rep.pk}/offboard/", {"left_on": "soon", "reason": "x"}).status_code == 400
    assert client.post(f"/api/v1/people/{org.rep.pk}/offboard/", {"left_on": "2026-11-20", "reason": ""}).status_code == 400
    before_hire = client.post(f"/api/v1/people/{org.rep.pk}/offboard/", {"left_on": "2001-01-01", "reason": "x"})
    assert before_hire.status_code == 400 and "left_on" in before_hire.json()
    unknown = client.post(f"/api/v1/people/{org.manager.pk}/offboard/", {"left_on": "2026-11-20", "reason": "x", "new_manager": 999999})
    assert unknown.status_code == 400 and unknown.json()["new_manager"] == ["No such person."]


# --- sign-in after leaving ------------------------------------------------------------------------

def test_after_offboarding_old_tokens_and_sessions_are_refused(demo):
    dev = demo["dev"]
    token = token_client("").post("/api/v1/auth/token/", {"username": "dev", "password": "demo"}).json()["token"]
    browser = Client()
    browser.force_login(dev.user)
    other = Client()
    other.force_login(demo["ava"].user)
    assert browser.get("/api/v1/me/").status_code == 200

    record = person_offboard(actor=demo["hana"], person=dev, left_on=LEFT_ON, reason="Leaving", new_manager=None)

    assert record.summary["tokens_revoked"] == 1 and record.summary["sessions_ended"] == 1
    assert token_client(token).get("/api/v1/me/").status_code == 401
    assert browser.get("/api/v1/me/").status_code == 401  # the session is gone: anonymous
    assert browser.get("/").status_code == 302 and "/accounts/login/" in browser.get("/")["Location"]
    assert other.get("/api/v1/me/").status_code == 200  # someone else's session is untouched
    assert Session.objects.count() == 1


def test_as_an_alumnus_dev_signs_in_again_with_the_alumni_role_only(demo):
    dev, ava = demo["dev"], demo["ava"]
    avas_plan = make_plan(ava)
    person_offboard(actor=demo["hana"], person=dev, left_on=LEFT_ON, reason="Leaving")

    token = token_client("").post("/api/v1/auth/token/", {"username": "dev", "password": "demo"}).json()["token"]
    client = token_client(token)
    me = client.get("/api/v1/me/").json()
    assert me["role"] == "alumni"
    assert client.get(f"/api/v1/plans/{avas_plan.pk}/").status_code == 404
    assert not scope_by_person(Person.objects.get(pk=dev.pk), DevelopmentPlan.objects.all()).filter(pk=avas_plan.pk).exists()
    browser = Client()
    browser.force_login(dev.user)
    assert browser.get("/")["Location"] == "/alumni/"


def test_an_hr_person_who_leaves_loses_the_admin(org, hr_group):
    second_hr = PersonFactory(user__is_staff=True)
    second_hr.user.groups.add(hr_group)
    record = person_offboard(actor=org.hr, person=second_hr, left_on=LEFT_ON, reason="Leaving")
    second_hr.user.refresh_from_db()
    assert not second_hr.user.is_staff and not second_hr.user.groups.exists()
    assert record.summary["account"]["groups_removed"] == [HR_GROUP_NAME]
    client = Client()
    client.force_login(second_hr.user)
    assert client.get("/admin/").status_code == 302


# --- the admin ------------------------------------------------------------------------------------

@pytest.fixture
def hr_admin(org):
    """HR signed in to the admin with the HR group's permissions."""
    ensure_hr_group()
    client = Client()
    client.force_login(org.hr.user)
    return client


def test_hr_offboards_from_the_admin_with_a_form_page(org, hr_admin):
    client = hr_admin
    response = client.post("/admin/people/person/", {"action": "offboard_action", "_selected_action": [org.manager.pk]})
    assert response.status_code == 302 and response["Location"] == f"/admin/people/person/{org.manager.pk}/offboard/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"Leaving date" in page.content and b"Ava Rep" in page.content

    refused = client.post(response["Location"], {"left_on": "2026-11-20", "reason": "Leaving"})
    assert refused.status_code == 200 and b"Choose who they will report to" in refused.content
    assert Person.objects.get(pk=org.manager.pk).status == PersonStatus.ACTIVE

    done = client.post(response["Location"], {"left_on": "2026-11-20", "reason": "Leaving", "new_manager": org.other_manager.pk}, follow=True)
    assert b"is now an alumnus" in done.content
    assert Person.objects.get(pk=org.manager.pk).status == PersonStatus.ALUMNI
    assert Person.objects.get(pk=org.rep.pk).manager_id == org.other_manager.pk


def test_the_offboarding_admin_pages_are_hr_only(org):
    ensure_hr_group()
    org.manager.user.is_superuser = False
    org.manager.user.is_staff = True
    org.manager.user.save()
    client = Client()
    client.force_login(org.manager.user)
    # Staff outside the HR group never reach the admin: sent to its sign-in page.
    assert client.get(f"/admin/people/person/{org.rep.pk}/offboard/").status_code == 302
    assert client.post(f"/admin/people/person/{org.rep.pk}/offboard/", {"left_on": "2026-11-20", "reason": "x"}).status_code == 302
    assert Person.objects.get(pk=org.rep.pk).status == PersonStatus.ACTIVE


def test_hr_rehires_and_anonymises_from_the_admin(org, hr_admin):
    person_offboard(actor=org.hr, person=org.rep, left_on=LEFT_ON, reason="Leaving")
    person_offboard(actor=org.hr, person=org.peer, left_on=LEFT_ON, reason="Leaving")
    client = hr_admin
    assert b"Starts again on" in client.get(f"/admin/people/person/{org.rep.pk}/rehire/").content
    assert b"cannot be undone" in client.get(f"/admin/people/person/{org.peer.pk}/anonymise/").content
    rehired = client.post(f"/admin/people/person/{org.rep.pk}/rehire/", {"rehired_on": "2026-12-01", "manager": org.manager.pk}, follow=True)
    assert b"Welcome back" in rehired.content
    assert Person.objects.get(pk=org.rep.pk).status == PersonStatus.ACTIVE
    still_active = client.post(f"/admin/people/person/{org.rep.pk}/anonymise/", {"requested_on": "2026-12-01", "confirm": "on"}, follow=True)
    assert b"only alumni can be anonymised" in still_active.content
    unconfirmed = client.post(f"/admin/people/person/{org.peer.pk}/anonymise/", {"requested_on": "2026-12-01"})
    assert unconfirmed.status_code == 200 and not Person.objects.get(pk=org.peer.pk).is_anonymised
    client.post(f"/admin/people/person/{org.peer.pk}/anonymise/", {"requested_on": "2026-12-01", "confirm": "on"})
    assert Person.objects.get(pk=org.peer.pk).is_anonymised


# --- boomerangs -----------------------------------------------------------------------------------

def test_a_boomerang_comes_back_with_history_and_leaves_the_directory(api, org):
    plan = make_plan(org.rep)
    person_offboard(actor=org.hr, person=org.rep, left_on=LEFT_ON, reason="Leaving")
    profile = AlumniProfile.objects.get(person=org.rep)
    profile.directory_opt_in = True
    profile.save()

    response = api.as_person(org.hr).post(
        f"/api/v1/people/{org.rep.pk}/rehire/", {"rehired_on": "2026-12-01", "manager": org.other_manager.pk}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["action"] == "rehired"
    org.rep.refresh_from_db()
    assert org.rep.status == PersonStatus.ACTIVE and org.rep.manager == org.other_manager and org.rep.left_on is None
    profile.refresh_from_db()
    assert profile.directory_opt_in is False and profile.consent_changed_at is not None
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ARCHIVED
    assert list(OffboardingRecord.objects.filter(person=org.rep).values_list("action", flat=True)) == ["rehired", "offboarded"]
    assert api.as_person(org.rep).get("/api/v1/me/").json()["role"] == "rep"


def test_rehiring_an_active_person_is_a_conflict(api, org):
    response = api.as_person(org.hr).post(f"/api/v1/people/{org.rep.pk}/rehire/", {"rehired_on": "2026-12-01", "manager": None})
    assert response.status_code == 409
    with pytest.raises(TransitionNotAllowed):
        person_rehire(actor=org.hr, person=org.rep, rehired_on=LEFT_ON, manager=None)


# --- erasure --------------------------------------------------------------------------------------

def test_anonymising_an_alumnus_blanks_them_everywhere_but_keeps_history(demo):
    paul, hana = demo["paul"], demo["hana"]
    profile = AlumniProfile.objects.get(person=paul)
    profile.current_company = "Globex Corp"
    profile.save()  # a historical profile row with personal data
    history_count = paul.history.count()

    record = alumnus_anonymise(actor=hana, person=paul, requested_on=LEFT_ON, note="Request by email")

    paul = Person.objects.select_related("user").get(pk=paul.pk)
    assert paul.full_name == f"Former employee #{paul.pk}" and paul.email == "" and paul.title == "" and paul.is_anonymised
    assert paul.user.username == f"erased-{paul.pk}" and paul.user.email == "" and paul.user.first_name == ""
    assert not paul.user.is_active and not paul.user.has_usable_password()
    assert paul.history.count() == history_count + 1
    assert not paul.history.filter(full_name__icontains="Paul").exists()
    assert not paul.history.exclude(email="").exists()
    profile_history = AlumniProfile.history.filter(person_id=paul.pk)
    assert profile_history.exists() and not profile_history.exclude(current_company="").exists()
    assert not profile_history.exclude(public_contact="").exists()
    assert isinstance(record, ErasureRecord) and record.performed_by == hana
    sign_in = Client().post("/accounts/login/", {"username": "paul", "password": "demo"})
    assert sign_in.status_code == 200  # the form again, not a redirect into the app


def test_only_alumni_can_be_anonymised(api, org):
    response = api.as_person(org.hr).post(f"/api/v1/people/{org.rep.pk}/anonymise/", {"requested_on": "2026-12-01"})
    assert response.status_code == 409
    assert Person.objects.get(pk=org.rep.pk).full_name == "Ava Rep"
    person_offboard(actor=org.hr, person=org.rep, left_on=LEFT_ON, reason="Leaving")
    assert api.as_person(org.manager).post(f"/api/v1/people/{org.rep.pk}/anonymise/", {"requested_on": "2026-12-01"}).status_code == 403
    assert api.as_person(org.hr).post(f"/api/v1/people/{org.rep.pk}/anonymise/", {"requested_on": "2026-12-01"}).status_code == 200
    assert api.as_person(org.hr).post(f"/api/v1/people/{org.rep.pk}/anonymise/", {"requested_on": "2026-12-01"}).status_code == 409


def test_offboarding_steps_are_registered_by_their_apps():
    assert {"devplans", "coaching"} <= {step.name for step in leaving.offboarding_steps()}


def test_offboarding_costs_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    for _ in range(20):
        PersonFactory(manager=org.rep)
        make_mentorship(org.rep, PersonFactory())
    make_plan(org.rep)
    with django_assert_max_num_queries(200):
        person_offboard(actor=org.hr, person=org.rep, left_on=LEFT_ON, reason="Leaving", new_manager=org.manager)
    assert Person.objects.filter(manager=org.manager, status=PersonStatus.ACTIVE).count() == 21  # peer + 20 moved


def test_offboarding_cancels_the_sessions_still_scheduled_with_the_leaver(org):
    from django.utils import timezone

    from coaching.models import SessionStatus
    from tests.factories.coaching import CoachingSessionFactory

    soon = timezone.now() + datetime.timedelta(days=3)
    as_coachee = CoachingSessionFactory(coach=org.manager, coachee=org.rep, scheduled_at=soon, status=SessionStatus.SCHEDULED)
    as_coach = CoachingSessionFactory(coach=org.rep, coachee=org.peer, scheduled_at=soon, status=SessionStatus.SCHEDULED)
    held = CoachingSessionFactory(coach=org.manager, coachee=org.rep, scheduled_at=soon - datetime.timedelta(days=30),
                                  status=SessionStatus.HELD)
    others = CoachingSessionFactory(coach=org.manager, coachee=org.peer, scheduled_at=soon, status=SessionStatus.SCHEDULED)

    record = person_offboard(actor=org.hr, person=org.rep, left_on=LEFT_ON, reason="Relocated")

    for session, status in ((as_coachee, SessionStatus.CANCELLED), (as_coach, SessionStatus.CANCELLED),
                            (held, SessionStatus.HELD), (others, SessionStatus.SCHEDULED)):
        session.refresh_from_db()
        assert session.status == status
    assert as_coachee.history.first().history_change_reason == "Cancelled: a participant left"
    assert sorted(record.summary["coaching.sessions"]["sessions_cancelled"]) == sorted([as_coachee.pk, as_coach.pk])
    assert "2 scheduled sessions cancelled" in leaving.describe_offboarding(record.summary)
