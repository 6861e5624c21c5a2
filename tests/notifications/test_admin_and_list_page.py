"""Reminders are history: the admin shows them and deletes none; people set their own preferences.
The list page reads `?unread=` as the API does, and a value it cannot read shows everything."""
import pytest
from django.test import Client
from django.utils import timezone

from notifications.models import CalendarFeed, Notification, NotificationPreference
from tests.factories import CalendarFeedFactory, NotificationFactory, NotificationPreferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_browser(org):
    client = Client()
    client.force_login(org.hr.user)  # a plain member of the HR group
    return client


def test_the_admin_deletes_no_reminder_and_no_calendar_feed(hr_browser, org):
    notification = NotificationFactory(recipient=org.rep)
    feed = CalendarFeedFactory(person=org.rep)
    assert hr_browser.post(f"/admin/notifications/notification/{notification.pk}/delete/", {"post": "yes"}).status_code == 403
    assert hr_browser.post(f"/admin/notifications/calendarfeed/{feed.pk}/delete/", {"post": "yes"}).status_code == 403
    hr_browser.post("/admin/notifications/notification/", {
        "action": "delete_selected", "_selected_action": [notification.pk], "post": "yes"})
    assert Notification.objects.filter(pk=notification.pk).exists() and CalendarFeed.objects.filter(pk=feed.pk).exists()


def test_the_admin_shows_preferences_but_people_set_their_own(hr_browser, org):
    preference = NotificationPreferenceFactory(person=org.rep, email_enabled=False)
    url = f"/admin/notifications/notificationpreference/{preference.pk}/change/"
    assert hr_browser.get(url).status_code == 200
    hr_browser.post(url, {"person": org.rep.pk, "kind": preference.kind, "email_enabled": "on"})
    assert hr_browser.get("/admin/notifications/notificationpreference/add/").status_code == 403
    assert hr_browser.post(f"/admin/notifications/notificationpreference/{preference.pk}/delete/", {"post": "yes"}).status_code == 403
    preference.refresh_from_db()
    assert preference.email_enabled is False and NotificationPreference.objects.count() == 1


@pytest.fixture
def one_read_one_unread(org):
    NotificationFactory(recipient=org.rep, title="Still to read")
    NotificationFactory(recipient=org.rep, title="Already read", read_at=timezone.now())


@pytest.mark.parametrize(("query", "shown"), [
    ("", {"Still to read", "Already read"}),
    ("?unread=1", {"Still to read"}),
    ("?unread=true", {"Still to read"}),
    ("?unread=0", {"Already read"}),
    ("?unread=false", {"Already read"}),
    ("?unread=perhaps", {"Still to read", "Already read"}),
])
def test_the_list_page_reads_unread_as_the_api_does(client, org, one_read_one_unread, query, shown):
    client.force_login(org.rep.user)
    response = client.get(f"/notifications/{query}")
    assert response.status_code == 200
    assert {n.title for n in response.context["notifications"]} == shown
