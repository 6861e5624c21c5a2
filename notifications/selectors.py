"""Reads of the notifications app. Each reads in a fixed number of queries."""
from __future__ import annotations

from django.db.models import QuerySet

from notifications.models import Notification
from people.models import Person


def notifications_of(recipient: Person, *, unread: bool | None = None) -> QuerySet[Notification]:
    """The recipient's reminders, newest first: only the unread ones (True), only the read ones
    (False) or all (None). One query, and a count when paginated."""
    notifications = Notification.objects.filter(recipient=recipient).order_by("-created_at", "-id")
    if unread is not None:
        notifications = notifications.filter(read_at__isnull=unread)
    return notifications
