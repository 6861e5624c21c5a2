import datetime

import pytest

from coaching.models import ObservationKind, SessionKind, SessionStatus
from coaching.selectors import risk_level
from tests.coaching.helpers import days_ago
from tests.factories import PersonFactory
from tests.factories.coaching import CoachingSessionFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def risks(api, person):
    response = api.as_person(person).get("/api/v1/coaching/flight-risk/", {"page_size": 100})
    assert response.status_code == 200
    return {row["person"]: row for row in response.json()["results"]}


def test_rep_never_sees_flight_risk_not_even_their_own(api, org):
    api.as_person(org.rep)
    assert api.get("/api/v1/coaching/flight-risk/").status_code == 403
    assert api.get(f"/api/v1/coaching/flight-risk/{org.rep.pk}/").status_code == 404
    assert api.get(f"/api/v1/coaching/flight-risk/{org.peer.pk}/").status_code == 404


def test_manager_sees_their_line_but_not_themself_nor_other_teams(api, org):
    rows = risks(api, org.manager)
    assert set(rows) == {org.rep.pk, org.peer.pk}
    api.as_person(org.manager)
    assert api.get(f"/api/v1/coaching/flight-risk/{org.other_rep.pk}/").status_code == 404
    assert api.get(f"/api/v1/coaching/flight-risk/{org.manager.pk}/").status_code == 404


def test_skip_level_and_hr_see_risk(api, org):
    assert org.rep.pk in risks(api, org.vp)
    assert org.rep.pk in risks(api, org.hr)


def test_signals_and_observations_raise_the_level(api, org):
    # Two skipped 1:1s in 60 days, no developmental coaching, no plan, no progress: 4 points → high.
    CoachingSessionFactory(coach=org.manager, coachee=org.rep, kind=SessionKind.WEEKLY_1ON1,
                           status=SessionStatus.MISSED, scheduled_at=days_ago(10))
    CoachingSessionFactory(coach=org.manager, coachee=org.rep, kind=SessionKind.WEEKLY_1ON1,
                           status=SessionStatus.CANCELLED, scheduled_at=days_ago(40))
    # The peer had a developmental session recently: 2 points (no plan, no progress) → elevated.
    CoachingSessionFactory(coach=org.manager, coachee=org.peer, kind=SessionKind.MONTHLY_DEEP_DIVE, scheduled_at=days_ago(3))
    rows = risks(api, org.manager)
    assert set(rows[org.rep.pk]["signals"]) == {
        "no_developmental_coaching", "no_active_plan", "no_milestone_progress", "skipped_one_on_ones"
    }
    assert rows[org.rep.pk]["level"] == "high"
    assert rows[org.peer.pk]["level"] == "elevated"
    assert rows[org.peer.pk]["score"] == 2

    ObservationFactory(person=org.peer, observed_by=org.manager, kind=ObservationKind.RECRUITER_CONTACT)
    assert risks(api, org.manager)[org.peer.pk]["level"] == "high"


def test_old_observations_and_skips_no_longer_count(api, org, today):
    CoachingSessionFactory(coach=org.manager, coachee=org.peer, kind=SessionKind.MONTHLY_DEEP_DIVE, scheduled_at=days_ago(3))
    for age in (70, 80):
        CoachingSessionFactory(coach=org.manager, coachee=org.peer, kind=SessionKind.WEEKLY_1ON1,
                               status=SessionStatus.MISSED, scheduled_at=days_ago(age))
    ObservationFactory(person=org.peer, observed_by=org.manager, kind=ObservationKind.RECRUITER_CONTACT,
                       observed_on=today - datetime.timedelta(days=120))
    row = risks(api, org.manager)[org.peer.pk]
    assert "skipped_one_on_ones" not in row["signals"]
    assert row["observations"] == []


def test_risk_levels_boundaries():
    assert [risk_level(score) for score in range(6)] == ["low", "low", "elevated", "elevated", "high", "high"]


def test_manager_logs_an_observation_and_others_cannot(api, org, today):
    body = {"person": org.rep.pk, "kind": "vesting_questions", "note": "Asked about the cliff."}
    response = api.as_person(org.manager).post("/api/v1/coaching/observations/", body, format="json")
    assert response.status_code == 201
    assert response.json()["observed_on"] == str(today)
    assert api.as_person(org.peer).post("/api/v1/coaching/observations/", body, format="json").status_code == 400
    assert api.as_person(org.other_manager).post("/api/v1/coaching/observations/", body, format="json").status_code == 400
    assert api.as_person(org.rep).post("/api/v1/coaching/observations/", body, format="json").status_code == 400
    future = {**body, "observed_on": str(today + datetime.timedelta(days=3))}
    assert "observed_on" in api.as_person(org.manager).post("/api/v1/coaching/observations/", future, format="json").json()


def test_flight_risk_query_counts(api, org, django_assert_max_num_queries):
    for index in range(30):
        report = PersonFactory(manager=org.manager)
        CoachingSessionFactory(coach=org.manager, coachee=report, kind=SessionKind.MONTHLY_DEEP_DIVE, scheduled_at=days_ago(index))
        ObservationFactory(person=report, observed_by=org.manager)
    api.as_person(org.manager)
    with django_assert_max_num_queries(9):
        response = api.get("/api/v1/coaching/flight-risk/", {"page_size": 50})
    assert response.json()["count"] == 32
    with django_assert_max_num_queries(9):
        assert api.get(f"/api/v1/coaching/flight-risk/{report.pk}/").status_code == 200
