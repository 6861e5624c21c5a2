"""Invitations to set a password: the one-time link and its email.

The link names the person and carries a signature over their id, the time of their latest
invitation (`Person.invited_at`) and the address it was sent to, keyed with SECRET_KEY. Nothing
secret is stored: a new invitation moves `invited_at`, so every older link stops matching, and so
does correcting the email address (a link sent to a mistyped address dies with the typo); accepting
sets `invitation_accepted_at`, so the link works once; it expires CATALYST["INVITE_DAYS"] after
`invited_at`. The writes (inviting,
accepting) are people.services; this module checks links and sends the emails.
"""
from __future__ import annotations

import dataclasses
import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from people.models import Person, PersonStatus

logger = logging.getLogger(__name__)

_SALT = "catalyst.people.invitation"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

ASK_HR = "Ask HR for a new invitation."


@dataclasses.dataclass
class InvitationLinkRefused(Exception):
    """An invitation link that cannot be used: `status` is the page's HTTP status."""

    title: str
    message: str
    status: int = 400

    def __str__(self) -> str:
        return f"{self.title} {self.message}"


def invitation_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.CATALYST["INVITE_DAYS"])


def invitation_expires_at(person: Person) -> datetime.datetime | None:
    return person.invited_at + invitation_lifetime() if person.invited_at else None


def invitation_token(person: Person) -> str:
    """The signature of the person's latest invitation (it changes with every new invitation, and when
    their email address changes)."""
    microseconds = (person.invited_at - _EPOCH) // datetime.timedelta(microseconds=1)
    value = f"{person.pk}:{person.user_id}:{microseconds}:{person.email.strip().lower()}"
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()[:40]


def invitation_link(person: Person) -> str:
    path = reverse("invitation-accept", kwargs={"person_id": person.pk, "token": invitation_token(person)})
    return settings.CATALYST["SITE_URL"].rstrip("/") + path


def invitation_check(*, person_id: int, token: str, queryset=None) -> Person:
    """The invited person if the link may be used now; otherwise InvitationLinkRefused with a page
    that says why. A link that does not match the latest invitation (mistyped, forged, or replaced by
    a newer invitation) reveals nothing about the person."""
    queryset = Person.objects.select_related("user") if queryset is None else queryset
    person = queryset.filter(pk=person_id).first()
    if person is None or person.invited_at is None or not constant_time_compare(invitation_token(person), token):
        raise InvitationLinkRefused(
            "This invitation link is not valid.",
            f"It may have been copied incompletely, or replaced by a newer invitation. {ASK_HR}",
        )
    if person.invitation_accepted_at is not None:
        raise InvitationLinkRefused(
            "This invitation has already been used.",
            "Sign in with the password you chose. If you have forgotten it, use “Forgot your password?” "
            "on the sign-in page.",
            status=410,
        )
    if person.status != PersonStatus.ACTIVE or person.is_anonymised or not person.user.is_active:
        raise InvitationLinkRefused("This invitation is no longer valid.", ASK_HR, status=410)
    if timezone.now() > invitation_expires_at(person):
        raise InvitationLinkRefused(
            "This invitation has expired.",
            f"Invitations last {settings.CATALYST['INVITE_DAYS']} days. {ASK_HR}",
            status=410,
        )
    return person


def invitation_emails_send(person_ids: Iterable[int]) -> int:
    """Email each person's latest pending invitation over one mail connection; returns how many went.

    Runs after the invitation was committed (transaction.on_commit), so it never raises: a mail
    server fault is logged as an error (mailed to the admins, sent to Sentry) and HR can invite again.
    The link is made here, from the committed state, so it never sits in a queue."""
    people = list(
        Person.objects.select_related("user").filter(
            pk__in=list(person_ids), invited_at__isnull=False, invitation_accepted_at__isnull=True,
            status=PersonStatus.ACTIVE,
        ).exclude(email="")
    )
    messages = []
    for person in people:
        context = {
            "person": person,
            "link": invitation_link(person),
            "expires_on": timezone.localtime(invitation_expires_at(person)).date(),
            "site_url": settings.CATALYST["SITE_URL"].rstrip("/"),
            "username": person.user.username,
        }
        subject = render_to_string("people/invitation_email_subject.txt", context).strip()
        body = render_to_string("people/invitation_email.txt", context)
        messages.append(EmailMessage(subject, body, None, [person.email]))
    if not messages:
        return 0
    try:
        with get_connection() as connection:
            return connection.send_messages(messages) or 0
    except Exception:  # noqa: BLE001 - any mail fault; the invitation stays committed, HR may invite again
        logger.exception("Could not send %s invitation email(s); invite them again once mail works", len(messages))
        return 0
