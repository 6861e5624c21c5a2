"""Celery tasks of the notifications app: reminder emails. Tasks take ids and call notifications.services."""
from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError

#: Retries back off exponentially but never wait anywhere near the broker's visibility timeout.
RETRY_BACKOFF_MAX_SECONDS = 600


class EmailClaimBusy(Exception):
    """Another sender holds a live claim on a notification: try again after the claim expires."""


@shared_task(
    bind=True,
    acks_late=True,
    # A database blip (PostgreSQL restarting, SQLite busy) is retried like an SMTP fault: the claim of
    # an email that was being sent is released or expires, and the retry sends it.
    autoretry_for=(SMTPException, ConnectionError, OSError, EmailClaimBusy, OperationalError, InterfaceError),
    retry_backoff=30,
    retry_backoff_max=RETRY_BACKOFF_MAX_SECONDS,
    retry_jitter=True,
    max_retries=8,
)
def send_notification_emails(self, notification_ids: list[int]) -> dict[str, int]:
    """Send the emails of these notifications, each at most once (safe to run twice or concurrently)."""
    from notifications.services import EmailResult, notifications_send_emails

    results = notifications_send_emails(notification_ids=[int(i) for i in notification_ids])
    if results.get(EmailResult.BUSY):
        # Someone else is sending (or died while sending): come back when its claim may have expired,
        # so an abandoned claim never loses an email. Those already sent are skipped next time.
        raise EmailClaimBusy(f"{results[EmailResult.BUSY]} notification(s) claimed by another sender")
    return {str(result.value): count for result, count in results.items()}


@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=30, max_retries=5)
def requeue_pending_emails() -> int:
    """Every few minutes: queue the reminder emails still pending (see notifications.services.emails_requeue_pending)."""
    from notifications.services import emails_requeue_pending

    return emails_requeue_pending()
