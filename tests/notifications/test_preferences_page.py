"""The preferences page: which reminders come by email, and the private calendar address."""
import pytest
from django.test import Client

from notifications import kinds
from notifications.models import CalendarFeed, NotificationPreference
from notifications.services import calendar_feed_ensure
from tests.factories import CalendarFeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(org):
    client = Client()
    client.force_login(org.rep.user)
    return client


def test_the_page_turns_email_off_for_every_kind_left_unticked(browser, org):
    every = [kind.value for kind in kinds.all_kinds()]
    kept = every[:1]
    response = browser.post("/notifications/preferences/", {"email": kept}, follow=True)
    assert b"Your email preferences are saved" in response.content
    off = set(NotificationPreference.objects.filter(person=org.rep, email_enabled=False).values_list("kind", flat=True))
    assert off == set(every) - set(kept)
    html = browser.get("/notifications/preferences/").content.decode()
    assert f'value="{kept[0]}" checked' in html


def test_an_unknown_kind_is_refused_and_nothing_changes(browser, org):
    response = browser.post("/notifications/preferences/", {"email": ["no-such-kind"]}, follow=True)
    assert response.status_code == 200 and b"not one of the available choices" in response.content
    assert not NotificationPreference.objects.filter(person=org.rep).exists()


def test_the_page_shows_the_feed_address_and_keeps_it(browser, org):
    first = browser.get("/notifications/preferences/")
    feed = CalendarFeed.objects.get(person=org.rep)
    assert f"/calendar/{feed.token}.ics" in first.content.decode()
    browser.get("/notifications/preferences/")
    assert CalendarFeed.objects.get(person=org.rep).token == feed.token


def test_the_new_address_button_posts_to_its_own_page(browser, org):
    old = CalendarFeedFactory(person=org.rep).token
    html = browser.get("/notifications/preferences/").content.decode()
    assert 'action="/notifications/calendar/rotate/"' in html and 'name="action"' not in html
    assert browser.get("/notifications/calendar/rotate/").status_code == 405
    response = browser.post("/notifications/calendar/rotate/", follow=True)
    assert response.redirect_chain == [("/notifications/preferences/", 302)]
    assert b"Your calendar feed has a new address" in response.content
    feed = CalendarFeed.objects.get(person=org.rep)
    assert feed.token != old and feed.rotated_at is not None
    assert Client().get(f"/calendar/{old}.ics").status_code == 404


def test_ensuring_a_feed_twice_keeps_one_secret(org, django_assert_num_queries):
    feed = calendar_feed_ensure(person=org.rep)
    with django_assert_num_queries(1):
        assert calendar_feed_ensure(person=org.rep).token == feed.token
    assert CalendarFeed.objects.filter(person=org.rep).count() == 1
