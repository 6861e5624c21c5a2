"""The private iCalendar feed."""
import datetime

import pytest
from django.utils import timezone

from coaching.models import Conversation, SessionKind, SessionStatus
from devplans.models import MilestoneStatus, PlanStatus
from notifications.calendar import calendar_for, escape_text, fold
from notifications.models import CalendarFeed
from people.models import PersonStatus
from tests.notifications.conftest import make_milestone, make_plan, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(org):
    soon = timezone.now() + datetime.timedelta(days=3)
    make_session(org.manager, org.rep, when=soon, kind=SessionKind.MONTHLY_DEEP_DIVE,
                 conversation=Conversation.MASTERY, status=SessionStatus.SCHEDULED)
    make_session(org.manager, org.rep, when=soon + datetime.timedelta(days=1), status=SessionStatus.CANCELLED)
    make_session(org.manager, org.peer, when=soon, status=SessionStatus.SCHEDULED)
    plan = make_plan(org.rep)
    make_milestone(plan, due_date=datetime.date(2026, 12, 15), title="Present to leadership; Q1, pipeline")
    make_milestone(plan, due_date=datetime.date(2026, 12, 16), title="Dropped", status=MilestoneStatus.CANCELLED)
    make_milestone(make_plan(org.rep, status=PlanStatus.ARCHIVED), due_date=datetime.date(2026, 12, 17), title="Old plan")


def feed_url(api, person):
    response = api.as_person(person).get("/api/v1/calendar/feed/")
    assert response.status_code == 200
    return response.json()["url"]


def test_feed_has_my_sessions_and_milestones(api, client, org, agenda):
    url = feed_url(api, org.rep)
    path = url[url.index("/calendar/"):]
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Monthly deep-dive with Marco Manager" in text
    assert "SUMMARY:Milestone due: Present to leadership\\; Q1\\, pipeline" in text
    assert "DTSTART;VALUE=DATE:20261215" in text
    assert "Dropped" not in text and "Old plan" not in text
    for event in text.split("BEGIN:VEVENT")[1:]:
        assert "\r\nUID:" in event and "\r\nDTSTAMP:" in event and "\r\nDTSTART" in event
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")


def test_coach_sees_the_sessions_they_run(api, client, org, agenda):
    url = feed_url(api, org.manager)
    text = client.get(url[url.index("/calendar/"):]).content.decode()
    assert "Monthly deep-dive with Ava Rep" in text
    assert "Weekly 1:1 with Ben Peer" in text


def test_wrong_or_rotated_token_is_404(api, client, org, agenda):
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404
    old = feed_url(api, org.rep)
    response = api.as_person(org.rep).post("/api/v1/calendar/feed/rotate/")
    new = response.json()["url"]
    assert new != old
    assert client.get(old[old.index("/calendar/"):]).status_code == 404
    assert client.get(new[new.index("/calendar/"):]).status_code == 200
    assert feed_url(api, org.rep) == new


def test_an_alumnus_feed_stops(api, client, org, agenda):
    url = feed_url(api, org.rep)
    org.rep.status = PersonStatus.ALUMNI
    org.rep.save()
    assert client.get(url[url.index("/calendar/"):]).status_code == 404


def test_each_person_has_their_own_secret(api, org):
    assert feed_url(api, org.rep) != feed_url(api, org.peer)
    assert len(CalendarFeed.objects.get(person=org.rep).token) >= 40


def test_folding_and_escaping():
    line = "DESCRIPTION:" + escape_text("Zoë, the “CRO”; \\ notes\nline two " * 5)
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_feed_reads_in_a_fixed_number_of_queries(org, agenda, django_assert_max_num_queries):
    for day in range(30):
        make_session(org.manager, org.rep, when=timezone.now() + datetime.timedelta(days=day))
    with django_assert_max_num_queries(2):
        calendar_for(org.rep)
