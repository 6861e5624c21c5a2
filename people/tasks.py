"""Celery tasks of the people app: reminder emails. Tasks take ids and call people.notifications."""
from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

#: Retries back off exponentially but never wait anywhere near the broker's visibility timeout.
RETRY_BACKOFF_MAX_SECONDS = 600


class EmailClaimBusy(Exception):
    """Another sender holds a live claim on a notification: try again after the claim expires."""


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(SMTPException, ConnectionError, OSError, EmailClaimBusy),
    retry_backoff=30,
    retry_backoff_max=RETRY_BACKOFF_MAX_SECONDS,
    retry_jitter=True,
    max_retries=8,
)
def send_notification_emails(self, notification_ids: list[int]) -> dict[str, int]:
    """Send the emails of these notifications, each at most once (safe to run twice or concurrently)."""
    from people.notifications import EmailResult, notifications_send_emails

    results = notifications_send_emails(notification_ids=[int(i) for i in notification_ids])
    if results.get(EmailResult.BUSY):
        # Someone else is sending (or died while sending): come back when its claim may have expired,
        # so an abandoned claim never loses an email. Those already sent are skipped next time.
        raise EmailClaimBusy(f"{results[EmailResult.BUSY]} notification(s) claimed by another sender")
    return {str(result.value): count for result, count in results.items()}


def run_sweep(sweep, **kwargs) -> dict[str, int]:
    """Run a reminder sweep in one transaction (a worker killed half way leaves nothing behind and the
    redelivered task starts over). CATALYST_SWEEP_TEST_DELAY (seconds) slows it for the integration tests."""
    import os
    import time

    from django.db import transaction

    delay = float(os.environ.get("CATALYST_SWEEP_TEST_DELAY", "0") or 0)
    with transaction.atomic():
        result = sweep(**kwargs)
        if delay:
            time.sleep(delay)
    return result
