"""The caller's reminders through the API and the page: owner only, paginated, a bounded number of queries."""
import pytest

from notifications.models import Notification
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def make(recipient, n, **extra):
    return [
        NotificationFactory(recipient=recipient, subject_key=f"milestone:{i}", title=f"Reminder {i}", **extra)
        for i in range(n)
    ]


def test_list_shows_only_my_reminders_newest_first(api, org):
    mine = make(org.rep, 3)
    make(org.peer, 2)
    response = api.as_person(org.rep).get("/api/v1/notifications/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [item["id"] for item in body["results"]] == [n.pk for n in reversed(mine)]
    assert set(body["results"][0]) >= {"id", "kind", "title", "body", "url", "read", "created_at"}


def test_unread_filter(api, org):
    read, unread = make(org.rep, 2)
    Notification.objects.filter(pk=read.pk).update(read_at="2026-11-24T10:00:00Z")
    client = api.as_person(org.rep)
    body = client.get("/api/v1/notifications/?unread=true").json()
    assert [item["id"] for item in body["results"]] == [unread.pk]
    assert [item["id"] for item in client.get("/api/v1/notifications/?unread=false").json()["results"]] == [read.pk]
    assert client.get("/api/v1/notifications/?unread=").json()["count"] == 2
    refused = client.get("/api/v1/notifications/?unread=maybe")
    assert refused.status_code == 400 and "unread" in refused.json()


def test_mark_read_is_owner_only(api, org):
    (mine,) = make(org.rep, 1)
    (theirs,) = make(org.peer, 1)
    client = api.as_person(org.rep)

    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # even the manager cannot mark a report's reminder
    assert api.as_person(org.manager).post(f"/api/v1/notifications/{mine.pk}/read/").status_code == 404
    assert api.as_person(org.rep).post("/api/v1/notifications/999999/read/").status_code == 404

    response = api.as_person(org.rep).post(f"/api/v1/notifications/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["read"] is True
    assert api.as_person(org.rep).post(f"/api/v1/notifications/{mine.pk}/read/").status_code == 200  # idempotent


def test_read_all_marks_only_mine(api, org):
    make(org.rep, 3)
    make(org.peer, 2)
    response = api.as_person(org.rep).post("/api/v1/notifications/read-all/")
    assert response.json() == {"marked": 3}
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_anonymous_is_refused(api, org):
    assert api.get("/api/v1/notifications/").status_code == 401


def test_list_queries_are_bounded(api, org, django_assert_max_num_queries):
    make(org.rep, 60)
    client = api.as_person(org.rep)
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/notifications/?page_size=100")
    assert response.json()["count"] == 60


def test_page_lists_and_marks_read_with_the_bell_in_one_query(client, org, django_assert_max_num_queries):
    first, second = make(org.rep, 2)
    make(org.peer, 1)
    client.force_login(org.rep.user)
    with django_assert_max_num_queries(7):
        page = client.get("/notifications/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Reminder 0" in html and "Reminder 1" in html
    assert 'aria-label="Notifications: 2 unread"' in html
    assert f"/notifications/{first.pk}/read/" in html

    response = client.post(f"/notifications/{first.pk}/read/", {"next": "/notifications/"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert 'aria-label="Notifications: 1 unread"' in client.get("/notifications/").content.decode()

    theirs = Notification.objects.get(recipient=org.peer)
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert client.post("/notifications/read-all/").status_code == 302
    assert Notification.objects.filter(recipient=org.rep, read_at__isnull=True).count() == 0
    # an outside address in `next` is ignored
    assert client.post(f"/notifications/{second.pk}/read/", {"next": "https://evil.example/"})["Location"] == "/notifications/"
