"""In-app notifications and their emails: the one place every app reminds someone through. Also the
writes of each person's email preferences and of their private calendar feed's secret.

Exactly once, by construction:
- A reminder is a Notification row unique by its natural key (recipient, kind, subject_key, period).
  The sweeps compute candidates and insert them with `bulk_create(ignore_conflicts=True)`, so a
  second sweep, a concurrent sweep or a redelivered task inserts nothing new.
- After inserting, `deliver` re-selects every candidate whose email is still pending (whether this
  run or an earlier, interrupted one created it) and queues its email after the commit.
- An email is sent by `notification_send_email`, which first claims the row with a conditional
  UPDATE (pending and unclaimed, or claim abandoned → claimed by me). Only the claimant sends; the
  row is marked sent only after the backend accepted the message. A failure releases the claim and
  the task retries with exponential backoff.
"""
from __future__ import annotations

import dataclasses
import datetime
import logging
import os
import secrets
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from notifications import kinds
from notifications.models import CalendarFeed, Notification, NotificationPreference, new_calendar_token
from people.models import Person

logger = logging.getLogger(__name__)

#: A claim older than this is considered abandoned (its worker died, or the database went away before
#: it could release the claim) and may be taken over. CATALYST_EMAIL_CLAIM_SECONDS shortens it for tests.
EMAIL_CLAIM_SECONDS = int(os.environ.get("CATALYST_EMAIL_CLAIM_SECONDS", "300"))
#: Emails are queued in batches of this many notification ids.
EMAIL_BATCH_SIZE = 100
INSERT_BATCH_SIZE = 500


@dataclasses.dataclass(frozen=True)
class Reminder:
    """A reminder a sweep wants to exist. `period` makes it happen once (see docs/operations.md)."""

    recipient_id: int
    kind: str
    subject_key: str
    period: str
    title: str
    body: str = ""
    url: str = ""

    @property
    def natural_key(self) -> tuple[int, str, str, str]:
        return (self.recipient_id, self.kind, self.subject_key, self.period)


class EmailMode(StrEnum):
    QUEUE = "queue"  # a Celery task per batch, after the commit (the normal path)
    INLINE = "inline"  # sent in-process, after the commit (manage.py run_reminders)
    NONE = "none"  # leave pending (benchmarks); the next sweep of the same day queues them


def site_url(path: str) -> str:
    return settings.CATALYST["SITE_URL"].rstrip("/") + path


def notify(
    *,
    recipient: Person,
    kind: str,
    subject_key: str,
    period: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> Notification | None:
    """Create one notification unless one with the same natural key exists; returns it if new.

    Its email (unless the recipient turned the kind off) is queued after the commit.
    """
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, subject_key=subject_key, period=period, title=title, body=body, url=url,
                email_skipped=not email,
            )
    except IntegrityError:
        return None
    if email:
        ids = [notification.pk]
        transaction.on_commit(lambda: _queue_emails(ids))
    return notification


def deliver(reminders: Iterable[Reminder], *, email: EmailMode | str = EmailMode.QUEUE) -> dict[str, int]:
    """Make every reminder exist exactly once and queue the emails still pending.

    Returns how many notifications this call created, per kind. A fixed number of queries per
    kind (plus one per INSERT_BATCH_SIZE rows inserted), never one per reminder.
    """
    email = EmailMode(email)
    unique: dict[tuple, Reminder] = {}
    for reminder in reminders:
        unique.setdefault(reminder.natural_key, reminder)
    if not unique:
        return {}
    by_kind: dict[str, dict[tuple, Reminder]] = defaultdict(dict)
    for key, reminder in unique.items():
        by_kind[reminder.kind][key] = reminder

    existing: set[tuple] = set()
    pending_ids: list[int] = []
    created = Counter()
    with transaction.atomic():
        for kind, wanted in by_kind.items():
            periods = sorted({reminder.period for reminder in wanted.values()})
            rows = Notification.objects.filter(kind=kind, period__in=periods).values_list(
                "recipient_id", "kind", "subject_key", "period"
            )
            existing.update(key for key in rows if key in wanted)
        new_rows = [
            Notification(
                recipient_id=r.recipient_id,
                kind=r.kind,
                subject_key=r.subject_key,
                period=r.period,
                title=r.title[:200],
                body=r.body,
                url=r.url[:300],
            )
            for key, r in unique.items()
            if key not in existing
        ]
        # ignore_conflicts: a concurrent sweep may have inserted some of these since we looked.
        Notification.objects.bulk_create(new_rows, batch_size=INSERT_BATCH_SIZE, ignore_conflicts=True)
        for kind, wanted in by_kind.items():
            periods = sorted({reminder.period for reminder in wanted.values()})
            rows = Notification.objects.filter(
                kind=kind, period__in=periods, email_sent_at__isnull=True, email_skipped=False
            ).values_list("id", "recipient_id", "kind", "subject_key", "period")
            for notification_id, *key in rows:
                key = tuple(key)
                if key in wanted:
                    pending_ids.append(notification_id)
                    if key not in existing:
                        created[kind] += 1
    if pending_ids and email is not EmailMode.NONE:
        ids = sorted(pending_ids)
        if email is EmailMode.INLINE:
            transaction.on_commit(lambda: notifications_send_emails(notification_ids=ids))
        else:
            transaction.on_commit(lambda: _queue_emails(ids))
    # Counts are for reporting: a row a concurrent sweep inserted in the same instant may be counted by both.
    return dict(created)


def _queue_emails(ids: list[int]) -> int:
    """Queue the emails of these notifications, in batches; returns how many batches were queued.

    Runs after the commit, so it must never turn a committed write into an error: when the broker
    cannot be reached the emails stay pending in the database, and `emails_requeue_pending` (a
    periodic task) queues them once it is back."""
    from notifications.tasks import send_notification_emails

    queued = 0
    for start in range(0, len(ids), EMAIL_BATCH_SIZE):
        batch = ids[start : start + EMAIL_BATCH_SIZE]
        try:
            send_notification_emails.delay(batch)
        except Exception as error:  # noqa: BLE001 - any broker fault; the rows stay pending
            logger.warning(
                "Could not queue %s reminder email(s), left pending for the periodic re-queue: %s",
                len(ids) - start, error,
            )
            break
        queued += 1
    return queued


def emails_requeue_pending(*, now: datetime.datetime | None = None) -> int:
    """Queue again every email still pending after CATALYST_EMAIL_REQUEUE_MINUTES whose claim, if any,
    has expired (its sender died). Reminders older than CATALYST_EMAIL_REQUEUE_MAX_HOURS are stale
    and left alone. Sending stays exactly once: each email is claimed before it is sent. Returns how
    many emails were queued."""
    now = now or timezone.now()
    pending = Notification.objects.filter(
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - datetime.timedelta(seconds=EMAIL_CLAIM_SECONDS)),
        email_sent_at__isnull=True,
        email_skipped=False,
        created_at__lt=now - datetime.timedelta(minutes=settings.CATALYST_EMAIL_REQUEUE_MINUTES),
        created_at__gte=now - datetime.timedelta(hours=settings.CATALYST_EMAIL_REQUEUE_MAX_HOURS),
    )
    ids = list(pending.order_by("id").values_list("id", flat=True))
    if not ids:
        return 0
    batches = _queue_emails(ids)
    return min(len(ids), batches * EMAIL_BATCH_SIZE)


# ---------------------------------------------------------------- email


class EmailResult(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"
    SKIPPED = "skipped"  # the recipient turned this kind off, or has no address
    BUSY = "busy"  # another sender holds a live claim
    MISSING = "missing"


def email_off_kinds(person_ids: Iterable[int]) -> dict[int, set[str]]:
    """Kinds each person gets no email for: those they turned off, and those off by default that they
    did not turn on (1 query)."""
    person_ids = list(person_ids)
    default_off = {kind.value for kind in kinds.all_kinds() if not kind.email_default}
    off: dict[int, set[str]] = {person_id: set(default_off) for person_id in person_ids}
    for person_id, kind, enabled in NotificationPreference.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "kind", "email_enabled"
    ):
        (off[person_id].discard if enabled else off[person_id].add)(kind)
    return off


def notification_claim_email(*, notification_id: int, now: datetime.datetime | None = None) -> str | None:
    """Claim the right to send this notification's email. Returns the claim token, or None.

    One conditional UPDATE: pending (not sent, not skipped) and either unclaimed or claimed so long
    ago that its sender must have died. Two senders racing: the database lets exactly one win.
    """
    now = now or timezone.now()
    token = secrets.token_hex(16)
    abandoned = now - datetime.timedelta(seconds=EMAIL_CLAIM_SECONDS)
    claimed = Notification.objects.filter(
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=abandoned),
        pk=notification_id,
        email_sent_at__isnull=True,
        email_skipped=False,
    ).update(email_claim_token=token, email_claimed_at=now)
    return token if claimed else None


def notification_release_email(*, notification_id: int, token: str) -> None:
    Notification.objects.filter(pk=notification_id, email_claim_token=token, email_sent_at__isnull=True).update(
        email_claim_token="", email_claimed_at=None
    )


def notification_send_email(*, notification_id: int, off_kinds: dict[int, set[str]] | None = None) -> EmailResult:
    """Send one notification's email at most once (claim → send → mark sent).

    On a sending error the claim is released and the error propagates (the task retries).
    """
    token = notification_claim_email(notification_id=notification_id)
    if token is None:
        state = (
            Notification.objects.filter(pk=notification_id)
            .values_list("email_sent_at", "email_skipped")
            .first()
        )
        if state is None:
            return EmailResult.MISSING
        if state[0] is not None:
            return EmailResult.ALREADY_SENT
        if state[1]:
            return EmailResult.SKIPPED
        return EmailResult.BUSY
    notification = Notification.objects.select_related("recipient", "recipient__user").get(pk=notification_id)
    recipient = notification.recipient
    if off_kinds is None:
        off_kinds = email_off_kinds([recipient.pk])
    address = recipient.email or recipient.user.email
    if notification.kind in off_kinds.get(recipient.pk, set()) or not address or not recipient.is_active_person:
        Notification.objects.filter(pk=notification_id, email_claim_token=token).update(
            email_skipped=True, email_claim_token="", email_claimed_at=None
        )
        return EmailResult.SKIPPED
    try:
        render_email(notification, to=address).send(fail_silently=False)
    except Exception:
        notification_release_email(notification_id=notification_id, token=token)
        raise
    _mark_sent(notification_id=notification_id, token=token)
    return EmailResult.SENT


#: After the mail server accepted a message, how long recording it as sent keeps trying while the
#: database does not answer (a restart takes a second or two). Giving up would let the claim expire
#: and the email go out a second time.
MARK_SENT_PATIENCE_SECONDS = 60


def _mark_sent(*, notification_id: int, token: str) -> None:
    delay, waited = 0.25, 0.0
    while True:
        try:
            Notification.objects.filter(pk=notification_id, email_claim_token=token).update(
                email_sent_at=timezone.now(), email_claim_token=""
            )
            return
        except (OperationalError, InterfaceError):
            if waited >= MARK_SENT_PATIENCE_SECONDS or connection.in_atomic_block:
                raise
            logger.warning("Email %s was sent; the database is not answering, trying again to record it.",
                           notification_id)
            connection.close()  # the next attempt opens a new connection
            time.sleep(delay)
            waited += delay
            delay = min(delay * 2, 5)


def notifications_send_emails(*, notification_ids: list[int]) -> Counter:
    """Send a batch; each one independently claimed. Raises the first sending error after trying all."""
    results: Counter = Counter()
    recipients = Notification.objects.filter(pk__in=notification_ids).values_list("recipient_id", flat=True)
    off_kinds = email_off_kinds(set(recipients))
    first_error: Exception | None = None
    for notification_id in notification_ids:
        try:
            results[notification_send_email(notification_id=notification_id, off_kinds=off_kinds)] += 1
        except Exception as error:  # noqa: BLE001 - retried by the task; the others still go out
            logger.warning("Reminder email %s failed: %s", notification_id, error)
            first_error = first_error or error
    if first_error is not None:
        raise first_error
    return results


def render_email(notification: Notification, *, to: str) -> EmailMultiAlternatives:
    context = {
        "notification": notification,
        "recipient": notification.recipient,
        "link": site_url(notification.url) if notification.url.startswith("/") else notification.url,
        "preferences_link": site_url("/notifications/preferences/"),
    }
    subject = f"Catalyst: {notification.title}"
    text = render_to_string("email/reminder.txt", context)
    html = render_to_string("email/reminder.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], from_email=settings.DEFAULT_FROM_EMAIL)
    message.attach_alternative(html, "text/html")
    return message


# ---------------------------------------------------------------- reading and marking


def notification_mark_read(*, recipient: Person, notification_id: int) -> Notification:
    """Mark one of the recipient's notifications read (idempotent). Someone else's id → 404."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().filter(pk=notification_id, recipient=recipient).first()
        )
        if notification is None:
            raise Http404("No such notification.")
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, recipient: Person) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=timezone.now())


def notification_preferences(*, person: Person) -> list[dict]:
    """Every kind with whether its email is on (1 query)."""
    off = email_off_kinds([person.pk]).get(person.pk, set())
    return [
        {"kind": kind.value, "label": kind.label, "email_enabled": kind.value not in off}
        for kind in kinds.all_kinds()
    ]


def notification_preferences_set(*, person: Person, email_enabled: dict[str, bool]) -> list[dict]:
    """Turn email on or off per kind; kinds not named stay as they are."""
    unknown = {kind for kind in email_enabled if not kinds.is_known(kind)}
    if unknown:
        raise ValidationError({"kind": [f"Unknown kind: {', '.join(sorted(unknown))}."]})
    with transaction.atomic():
        for kind, enabled in email_enabled.items():
            NotificationPreference.objects.update_or_create(
                person=person, kind=kind, defaults={"email_enabled": bool(enabled)}
            )
    return notification_preferences(person=person)


# ---------------------------------------------------------------- the calendar feed


def calendar_feed_ensure(*, person: Person) -> CalendarFeed:
    """The person's feed, created with a fresh secret the first time they ask for its address."""
    feed = CalendarFeed.objects.filter(person=person).first()
    if feed is None:
        with transaction.atomic():
            feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed


def calendar_feed_rotate(*, person: Person) -> CalendarFeed:
    """A new secret URL; the old one stops working at once."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(person=person)
        if not created:
            feed.token = new_calendar_token()
            feed.rotated_at = timezone.now()
            feed.save(update_fields=["token", "rotated_at"])
    return feed
