"""In-app notifications (and their emails). The one entry point every app uses to remind someone.

Issue 6 builds the sweeps, email delivery and preferences on top of `notify`.
"""
from __future__ import annotations

from django.db import IntegrityError, transaction

from people.models import Notification, Person


def notify(
    *,
    recipient: Person,
    kind: str,
    subject_key: str,
    period: str,
    title: str,
    body: str = "",
    url: str = "",
) -> Notification | None:
    """Create the notification unless one with the same natural key exists. Returns it if new."""
    try:
        with transaction.atomic():
            return Notification.objects.create(
                recipient=recipient, kind=kind, subject_key=subject_key, period=period, title=title, body=body, url=url
            )
    except IntegrityError:
        return None
