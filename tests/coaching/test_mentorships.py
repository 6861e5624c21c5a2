import datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from coaching.models import Mentorship, MentorshipStatus
from people.models import PersonStatus
from tests.factories import PersonFactory, QuotaRecordFactory
from tests.factories.alumni import AlumniProfileFactory
from tests.factories.coaching import MentorshipFactory, QuotaReliefFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)  # Q1 2026: baseline is Q4 2025


def propose(api, actor, mentor, mentee, **extra):
    body = {"mentor": mentor.pk, "mentee": mentee.pk, "start_date": str(START), **extra}
    return api.as_person(actor).post("/api/v1/mentorships/", body, format="json")


def test_domain_example_six_mentees_put_the_company_100000_ahead(api, org):
    """DOMAIN (001): 200,000 relief to coach six reps who each add 50,000 → 100,000 ahead."""
    mentor = PersonFactory(manager=org.manager, full_name="Top Mentor")
    relief = QuotaReliefFactory(mentor=mentor, amount=Decimal("200000"), start_date=START)
    for _ in range(6):
        mentee = PersonFactory(manager=org.manager)
        QuotaRecordFactory(person=mentee, year=2025, quarter=4, attained=Decimal("600000"))
        QuotaRecordFactory(person=mentee, year=2026, quarter=1, attained=Decimal("650000"))
        MentorshipFactory(mentor=mentor, mentee=mentee, start_date=START, end_date=datetime.date(2026, 3, 31),
                          relief_group=relief, status=MentorshipStatus.COMPLETED)

    response = api.as_person(org.manager).get("/api/v1/mentorships/")

    rows = response.json()["results"]
    assert len(rows) == 6
    for row in rows:
        assert Decimal(row["quota_relief"]) == Decimal("200000")
        assert Decimal(row["mentee_revenue_lift"]) == Decimal("50000")
        assert row["relief_group_size"] == 6
        assert Decimal(row["net_return"]) == Decimal("100000")


def test_single_pairing_return_is_lift_minus_own_relief(api, org):
    QuotaRecordFactory(person=org.rep, year=2025, quarter=4, attained=Decimal("500000"))
    QuotaRecordFactory(person=org.rep, year=2026, quarter=1, attained=Decimal("560000"))
    QuotaRecordFactory(person=org.rep, year=2026, quarter=2, attained=Decimal("520000"))
    pairing = MentorshipFactory(mentor=org.peer, mentee=org.rep, start_date=START, end_date=datetime.date(2026, 6, 30),
                                quota_relief=Decimal("30000"))
    body = api.as_person(org.rep).get(f"/api/v1/mentorships/{pairing.pk}/").json()
    assert Decimal(body["mentee_baseline"]) == Decimal("500000")
    assert Decimal(body["mentee_revenue_lift"]) == Decimal("80000")
    assert Decimal(body["net_return"]) == Decimal("50000")


def test_manager_proposes_and_activates_with_an_alumna_mentor(api, org):
    alumna = PersonFactory(status=PersonStatus.ALUMNI, manager=org.manager)
    response = propose(api, org.manager, alumna, org.rep, quota_relief="0")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "proposed"
    pk = response.json()["id"]
    assert api.post(f"/api/v1/mentorships/{pk}/activate/").json()["status"] == "active"
    assert api.post(f"/api/v1/mentorships/{pk}/activate/").status_code == 409
    assert api.as_person(org.rep).post(f"/api/v1/mentorships/{pk}/complete/").status_code == 403
    assert api.as_person(org.manager).post(f"/api/v1/mentorships/{pk}/complete/").json()["status"] == "completed"


def test_an_alumnus_outside_the_team_mentors_only_from_the_directory_and_open_to_mentoring(api, org):
    listed = AlumniProfileFactory(directory_opt_in=True, open_to_mentoring=True).person
    not_listed = AlumniProfileFactory(directory_opt_in=False, open_to_mentoring=True).person
    not_open = AlumniProfileFactory(directory_opt_in=True, open_to_mentoring=False).person
    anonymised = AlumniProfileFactory(directory_opt_in=True, open_to_mentoring=True, person__is_anonymised=True).person
    for mentor in (not_listed, not_open, anonymised):
        response = propose(api, org.manager, mentor, org.rep)
        assert response.status_code == 400 and response.json()["mentor"] == ["No such person."], mentor
    assert propose(api, org.manager, listed, org.rep).status_code == 201
    assert Mentorship.objects.get().mentor == listed


def test_nobody_mentors_themself(api, org):
    response = propose(api, org.manager, org.rep, org.rep)
    assert response.status_code == 400
    assert "mentee" in response.json()


def test_no_two_open_pairings_of_the_same_people(api, org):
    assert propose(api, org.manager, org.peer, org.rep).status_code == 201
    response = propose(api, org.manager, org.peer, org.rep)
    assert response.status_code == 400
    assert "already" in response.json()["mentee"][0]
    assert Mentorship.objects.count() == 1


@override_settings(CATALYST_MENTOR_CAPACITY=2)
def test_mentor_capacity_is_enforced(api, org):
    for _ in range(2):
        assert propose(api, org.manager, org.peer, PersonFactory(manager=org.manager)).status_code == 201
    response = propose(api, org.manager, org.peer, org.rep)
    assert response.status_code == 400
    assert "mentor" in response.json()


def test_default_capacity_is_six(api, org):
    for _ in range(6):
        MentorshipFactory(mentor=org.peer, mentee=PersonFactory(manager=org.manager))
    assert propose(api, org.manager, org.peer, org.rep).status_code == 400


def test_mentee_or_mentor_outside_scope_is_a_field_error(api, org):
    mentee_outside = propose(api, org.manager, org.peer, org.other_rep)
    mentor_outside = propose(api, org.manager, org.other_rep, org.rep)
    assert mentee_outside.status_code == mentor_outside.status_code == 400
    assert "mentee" in mentee_outside.json()
    assert "mentor" in mentor_outside.json()


def test_reps_cannot_arrange_mentorships_for_themselves(api, org):
    response = propose(api, org.rep, org.peer, org.rep)
    assert response.status_code == 400


@pytest.mark.parametrize("who, sees", [("rep", True), ("peer", True), ("manager", True), ("vp", True), ("hr", True),
                                       ("other_manager", False), ("other_rep", False)])
def test_visibility_uses_scope_of_mentor_and_mentee(api, org, who, sees):
    pairing = MentorshipFactory(mentor=org.peer, mentee=org.rep)
    api.as_person(getattr(org, who))
    assert api.get("/api/v1/mentorships/").json()["count"] == (1 if sees else 0)
    assert api.get(f"/api/v1/mentorships/{pairing.pk}/").status_code == (200 if sees else 404)


def test_mentorship_list_query_count(api, org, django_assert_max_num_queries):
    for _ in range(5):
        mentor = PersonFactory(manager=org.manager)
        relief = QuotaReliefFactory(mentor=mentor, amount=Decimal("100000"), start_date=START)
        for _ in range(5):
            mentee = PersonFactory(manager=org.manager)
            QuotaRecordFactory(person=mentee, year=2025, quarter=4)
            QuotaRecordFactory(person=mentee, year=2026, quarter=1)
            MentorshipFactory(mentor=mentor, mentee=mentee, start_date=START, relief_group=relief)
    api.as_person(org.manager)
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/mentorships/", {"page_size": 50})
    assert response.json()["count"] == 25


def test_the_mentor_never_sees_the_mentees_revenue(api, org, client):
    """The mentee's baseline and lift are for the mentee, their managers and HR; a mentor from another
    team (or an alumna at another company) sees the pairing without them."""
    mentor = PersonFactory(manager=org.other_manager, full_name="Mentor Elsewhere")
    QuotaRecordFactory(person=org.rep, year=2025, quarter=4, attained=Decimal("752000"))
    QuotaRecordFactory(person=org.rep, year=2026, quarter=1, attained=Decimal("800000"))
    MentorshipFactory(mentor=mentor, mentee=org.rep, start_date=START, end_date=datetime.date(2026, 3, 31),
                      status=MentorshipStatus.COMPLETED)

    as_mentor = api.as_person(mentor).get("/api/v1/mentorships/").json()["results"]
    assert len(as_mentor) == 1
    assert not {"mentee_baseline", "mentee_revenue_lift", "net_return"} & set(as_mentor[0])
    assert "752000" not in str(as_mentor)
    for viewer in (org.rep, org.manager, org.vp, org.hr):
        row = api.as_person(viewer).get("/api/v1/mentorships/").json()["results"][0]
        assert Decimal(row["mentee_baseline"]) == Decimal("752000"), viewer
        assert Decimal(row["mentee_revenue_lift"]) == Decimal("48000"), viewer

    client.force_login(org.other_manager.user)  # the mentor's manager, not the mentee's
    page = client.get("/team/").content.decode()
    assert "Mentor Elsewhere" in page and "48,000" not in page and "48000" not in page
    client.force_login(mentor.user)
    page = client.get("/coaching/mentorships/").content.decode()
    assert "Ava Rep" in page and "48,000" not in page and "752,000" not in page
