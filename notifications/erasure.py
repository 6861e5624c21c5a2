"""Notifications' part of erasure on request (registered with people.erasure from NotificationsConfig.ready()).

Other people's inboxes keep their reminders, with the erased person's name and address replaced
("A former colleague submitted …", the Monday digest's lists of names). The erased person's own
notifications, email preferences and calendar feed are deleted, not scrubbed: the account can
never sign in again, so nobody could read them, and a pending email must not go out after the
erasure. Runs inside the erasure transaction.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q

from notifications.models import CalendarFeed, Notification, NotificationPreference
from people.erasure import Redaction, scrub_app
from people.models import Person


def notifications_erase(*, person: Person, redaction: Redaction) -> dict[str, Any]:
    deleted, _ = Notification.objects.filter(recipient=person).delete()
    NotificationPreference.objects.filter(person=person).delete()
    CalendarFeed.objects.filter(person=person).delete()
    # Reminders about the person (coaching's "person:<id>" subjects) are theirs: a lone first name goes there too.
    scrubbed = scrub_app("notifications", redaction=redaction, own={Notification: Q(subject_key=f"person:{person.pk}")})
    return {"own_notifications_deleted": deleted, "scrubbed": scrubbed}
