"""Reminder emails: sent once, after the commit, claimed by exactly one sender, respecting preferences."""
import datetime
from smtplib import SMTPException
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone

from coaching.kinds import CoachingNotification
from devplans import reminders
from devplans.kinds import PlanNotification
from notifications import kinds
from notifications import services as notifications
from notifications.models import Notification, NotificationPreference
from notifications.services import EmailResult
from tests.factories import NotificationFactory, NotificationPreferenceFactory
from tests.notifications.conftest import make_milestone, make_plan

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 11, 24)


@pytest.fixture
def due_tomorrow(org):
    make_milestone(make_plan(org.rep), due_date=ON + datetime.timedelta(days=1), title="Shadow the CRO")


def test_sweep_emails_each_new_reminder_after_commit(org, due_tomorrow, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.sweep(on=ON)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [org.rep.email]
    assert message.subject == "Catalyst: “Shadow the CRO” is due tomorrow"
    assert "Hello Ava Rep" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Shadow the CRO" in html and "/notifications/preferences/" in html
    assert Notification.objects.get().email_sent_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        reminders.sweep(on=ON)
    assert len(mail.outbox) == 1


def test_nothing_is_sent_before_the_commit(org, due_tomorrow, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reminders.sweep(on=ON)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_email_turned_off_keeps_the_in_app_reminder(org, due_tomorrow, django_capture_on_commit_callbacks):
    NotificationPreferenceFactory(person=org.rep, kind=PlanNotification.MILESTONE_DUE_TOMORROW, email_enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.sweep(on=ON)
    assert mail.outbox == []
    notification = Notification.objects.get(recipient=org.rep)
    assert notification.email_skipped and notification.email_sent_at is None
    # the next sweep does not try again
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reminders.sweep(on=ON)
    assert callbacks == []


def test_two_senders_on_one_notification_send_exactly_one_email(org):
    notification = NotificationFactory(recipient=org.rep, title="Late")

    first = notifications.notification_claim_email(notification_id=notification.pk)
    # the second sender arrives while the first holds the claim
    assert notifications.notification_send_email(notification_id=notification.pk) == EmailResult.BUSY
    assert mail.outbox == []
    # the first finishes the job it claimed
    notifications.notification_release_email(notification_id=notification.pk, token=first)
    assert notifications.notification_send_email(notification_id=notification.pk) == EmailResult.SENT
    assert notifications.notification_send_email(notification_id=notification.pk) == EmailResult.ALREADY_SENT
    assert len(mail.outbox) == 1


def test_interleaved_claims_only_one_wins(org):
    notification = NotificationFactory(recipient=org.rep, title="Late")
    tokens = [notifications.notification_claim_email(notification_id=notification.pk) for _ in range(5)]
    assert len([t for t in tokens if t]) == 1


def test_an_abandoned_claim_is_taken_over_so_no_email_is_lost(org):
    notification = NotificationFactory(recipient=org.rep, title="Late")
    long_ago = timezone.now() - datetime.timedelta(seconds=notifications.EMAIL_CLAIM_SECONDS + 1)
    assert notifications.notification_claim_email(notification_id=notification.pk, now=long_ago)  # then the worker died
    assert notifications.notification_send_email(notification_id=notification.pk) == EmailResult.SENT
    assert len(mail.outbox) == 1


def test_a_failed_send_is_not_marked_sent_and_the_task_retries(org):
    from notifications.tasks import send_notification_emails

    notification = NotificationFactory(recipient=org.rep, title="Late")
    assert SMTPException in send_notification_emails.autoretry_for
    assert send_notification_emails.retry_backoff and send_notification_emails.max_retries

    with mock.patch.object(notifications.EmailMultiAlternatives, "send", side_effect=SMTPException("mail server said no")):
        with pytest.raises((SMTPException, Retry)):
            send_notification_emails.delay([notification.pk])
    notification.refresh_from_db()
    assert notification.email_sent_at is None
    assert notification.email_claimed_at is None  # released: the retry may claim it at once
    assert mail.outbox == []

    send_notification_emails.delay([notification.pk])  # the retry
    notification.refresh_from_db()
    assert notification.email_sent_at is not None
    assert len(mail.outbox) == 1


def test_retry_backoff_stays_far_below_the_visibility_timeout(settings):
    from notifications.tasks import send_notification_emails

    assert send_notification_emails.retry_backoff_max * 2 < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert send_notification_emails.acks_late is True
    assert notifications.EMAIL_CLAIM_SECONDS < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


def test_preferences_api_turns_email_off_per_kind(api, org):
    client = api.as_person(org.rep)
    response = client.get("/api/v1/notifications/preferences/")
    assert response.status_code == 200
    assert all(p["email_enabled"] for p in response.json()["preferences"])
    assert len(response.json()["preferences"]) == len(kinds.all_kinds())

    response = client.put(
        "/api/v1/notifications/preferences/",
        {"preferences": [{"kind": "manager_digest", "email_enabled": False}]},
        format="json",
    )
    assert response.status_code == 200
    off = [p["kind"] for p in response.json()["preferences"] if not p["email_enabled"]]
    assert off == ["manager_digest"]
    assert NotificationPreference.objects.get(person=org.rep, kind="manager_digest").email_enabled is False

    bad = client.put("/api/v1/notifications/preferences/", {"preferences": [{"kind": "nope", "email_enabled": False}]}, format="json")
    assert bad.status_code == 400


def test_preferences_page_saves_the_form(client, org):
    client.force_login(org.manager.user)
    page = client.get("/notifications/preferences/")
    assert page.status_code == 200
    assert b"Milestone due tomorrow" in page.content and b"/calendar/" in page.content
    enabled = [k.value for k in kinds.all_kinds() if k.value != CoachingNotification.MANAGER_DIGEST]
    response = client.post("/notifications/preferences/", {"email": enabled})
    assert response.status_code == 302
    assert list(NotificationPreference.objects.filter(person=org.manager, email_enabled=False).values_list("kind", flat=True)) == [
        "manager_digest"
    ]
