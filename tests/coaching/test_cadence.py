import pytest

from coaching.models import Conversation, SessionKind, SessionStatus
from people.models import Tier
from tests.coaching.helpers import days_ago, set_tier
from tests.factories import PersonFactory
from tests.factories.coaching import CoachingSessionFactory

pytestmark = pytest.mark.django_db


def cadence(api, person, **params):
    response = api.as_person(person).get("/api/v1/coaching/cadence/", params)
    assert response.status_code == 200, response.content
    return {row["person"]: row for row in response.json()["results"]}


@pytest.mark.parametrize("days, flagged", [(29, False), (30, False), (31, True)])
def test_top_performer_flagged_only_after_30_days_without_developmental_coaching(api, org, days, flagged):
    set_tier(org.rep, Tier.TOP_20)
    CoachingSessionFactory(coach=org.manager, coachee=org.rep, kind=SessionKind.MONTHLY_DEEP_DIVE, scheduled_at=days_ago(days))

    row = cadence(api, org.manager)[org.rep.pk]

    assert row["days_since"] == days
    assert row["flagged"] is flagged
    assert row["tier"] == "top_20"


def test_pipeline_only_one_on_ones_do_not_count_as_developmental(api, org):
    set_tier(org.rep, Tier.TOP_20)
    CoachingSessionFactory(coach=org.manager, coachee=org.rep, kind=SessionKind.WEEKLY_1ON1, scheduled_at=days_ago(2))
    CoachingSessionFactory(coach=org.manager, coachee=org.rep, kind=SessionKind.WEEKLY_1ON1,
                           conversation=Conversation.MASTERY, scheduled_at=days_ago(40))
    # A scheduled (not yet held) deep-dive does not count either.
    CoachingSessionFactory(coach=org.manager, coachee=org.rep, kind=SessionKind.MONTHLY_DEEP_DIVE,
                           status=SessionStatus.SCHEDULED, scheduled_at=days_ago(1))

    row = cadence(api, org.manager)[org.rep.pk]

    assert row["days_since"] == 40
    assert row["flagged"] is True
    assert row["overdue"] is True


def test_never_coached_top_performer_is_flagged_and_middle_is_not(api, org):
    set_tier(org.rep, Tier.TOP_20)
    set_tier(org.peer, Tier.MIDDLE_60)
    rows = cadence(api, org.manager)
    assert rows[org.rep.pk]["flagged"] is True
    assert rows[org.rep.pk]["last_developmental_session"] is None
    assert rows[org.peer.pk]["flagged"] is False
    assert rows[org.peer.pk]["overdue"] is True


def test_on_rhythm_report_is_not_overdue_and_next_due_follows_policy(api, org, today):
    set_tier(org.rep, Tier.TOP_20)
    CoachingSessionFactory(coach=org.manager, coachee=org.rep, kind=SessionKind.WEEKLY_1ON1, scheduled_at=days_ago(3))
    CoachingSessionFactory(coach=org.manager, coachee=org.rep, kind=SessionKind.MONTHLY_DEEP_DIVE, scheduled_at=days_ago(10))
    CoachingSessionFactory(coach=org.manager, coachee=org.rep, kind=SessionKind.QUARTERLY_CAREER, scheduled_at=days_ago(60))

    row = cadence(api, org.manager)[org.rep.pk]

    assert row["overdue"] is False
    assert row["overdue_kinds"] == []
    assert row["next_due"]["weekly_1on1"] == str(today + __import__("datetime").timedelta(days=4))
    assert row["next_due"]["quarterly_career"] == str(today + __import__("datetime").timedelta(days=31))


def test_only_direct_reports_are_listed(api, org):
    rows = cadence(api, org.vp)
    assert set(rows) == {org.manager.pk, org.other_manager.pk}


def test_reps_cannot_read_cadence(api, org):
    assert api.as_person(org.rep).get("/api/v1/coaching/cadence/").status_code == 403


def test_cadence_query_count_does_not_grow_with_team(api, org, django_assert_max_num_queries):
    for index in range(30):
        report = PersonFactory(manager=org.manager)
        set_tier(report, [Tier.TOP_20, Tier.MIDDLE_60, Tier.BOTTOM_20][index % 3])
        CoachingSessionFactory(coach=org.manager, coachee=report, kind=SessionKind.MONTHLY_DEEP_DIVE, scheduled_at=days_ago(index))
        CoachingSessionFactory(coach=org.manager, coachee=report, kind=SessionKind.WEEKLY_1ON1, scheduled_at=days_ago(index + 1))
    api.as_person(org.manager)
    with django_assert_max_num_queries(10):
        response = api.get("/api/v1/coaching/cadence/", {"page_size": 50})
    assert response.json()["count"] == 32
