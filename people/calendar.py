"""A person's private iCalendar feed (RFC 5545), written by hand: coaching sessions and milestone due dates.

The feed is read by calendar apps that cannot sign in, so it lives at a secret URL
(/calendar/<token>.ics). The token is random (256 bits), per person, and rotating it kills the old URL.
"""
from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from people.models import CalendarFeed, Person, PersonStatus
from people.models.notifications import new_calendar_token

#: Sessions further back than this are left out, to keep the feed small.
PAST_DAYS = 180
PRODUCT_ID = "-//Catalyst//Catalyst reminders//EN"


# ---------------------------------------------------------------- the feed URL


def calendar_feed_get(*, person: Person) -> CalendarFeed:
    """The person's feed, created on first use."""
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


def calendar_feed_url(feed: CalendarFeed) -> str:
    return settings.CATALYST["SITE_URL"].rstrip("/") + f"/calendar/{feed.token}.ics"


def person_for_token(token: str) -> Person | None:
    """The active person whose feed this is, or None (1 query)."""
    if not token or len(token) > 64:
        return None
    feed = CalendarFeed.objects.select_related("person").filter(token=token, person__status=PersonStatus.ACTIVE).first()
    return feed.person if feed else None


# ---------------------------------------------------------------- writing iCalendar


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _event(uid: str, stamp: str, summary: str, *, start: str, end: str, description: str = "", url: str = "",
           status: str = "") -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}", start, end, f"SUMMARY:{escape_text(summary)}"]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if url:
        lines.append(f"URL:{url}")
    if status:
        lines.append(f"STATUS:{status}")
    lines.append("END:VEVENT")
    return lines


def calendar_for(person: Person, *, now: datetime.datetime | None = None) -> str:
    """The feed's text: coaching sessions (as coach or coachee, not cancelled) and milestones of open plans (2 queries)."""
    from coaching.models import CoachingSession, SessionStatus
    from devplans.models import OPEN_PLAN_STATUSES, Milestone, MilestoneStatus

    now = now or timezone.now()
    stamp = utc_stamp(now)
    host = settings.CATALYST["SITE_URL"].split("//")[-1].split("/")[0].split(":")[0] or "catalyst"
    site = settings.CATALYST["SITE_URL"].rstrip("/")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'Catalyst: {person.full_name}')}",
    ]
    sessions = (
        CoachingSession.objects.filter(Q(coach=person) | Q(coachee=person))
        .exclude(status=SessionStatus.CANCELLED)
        .filter(scheduled_at__gte=now - datetime.timedelta(days=PAST_DAYS))
        .select_related("coach", "coachee")
        .order_by("scheduled_at", "id")
    )
    for session in sessions:
        other = session.coachee if session.coach_id == person.pk else session.coach
        summary = f"{session.get_kind_display()} with {other.full_name}"
        description = session.opening_question
        if session.conversation:
            description = f"{session.get_conversation_display()}: {description}"
        end = session.scheduled_at + datetime.timedelta(minutes=session.duration_minutes)
        lines += _event(
            f"coaching-session-{session.pk}@{host}", stamp, summary,
            start=f"DTSTART:{utc_stamp(session.scheduled_at)}", end=f"DTEND:{utc_stamp(end)}",
            description=description, url=f"{site}/team/",
            status="CONFIRMED" if session.status in (SessionStatus.SCHEDULED, SessionStatus.HELD) else "TENTATIVE",
        )
    milestones = (
        Milestone.objects.filter(plan__person=person, plan__status__in=OPEN_PLAN_STATUSES)
        .exclude(status=MilestoneStatus.CANCELLED)
        .order_by("due_date", "id")
        .values("id", "title", "due_date", "status")
    )
    for milestone in milestones:
        due = milestone["due_date"]
        lines += _event(
            f"milestone-{milestone['id']}@{host}", stamp, f"Milestone due: {milestone['title']}",
            start=f"DTSTART;VALUE=DATE:{due:%Y%m%d}", end=f"DTEND;VALUE=DATE:{due + datetime.timedelta(days=1):%Y%m%d}",
            description=f"Status: {MilestoneStatus(milestone['status']).label}", url=f"{site}/plans/mine/",
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
