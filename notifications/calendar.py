"""A person's private iCalendar feed (RFC 5545), written by hand, of the events other apps register
(coaching sessions, milestone due dates).

The feed is read by calendar apps that cannot sign in, so it lives at a secret URL
(/calendar/<token>.ics). The token is random (256 bits), per person, and rotating it kills the old URL.
"""
from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notifications.models import CalendarFeed
from people.models import Person, PersonStatus

#: Sessions further back than this are left out, to keep the feed small.
PAST_DAYS = 180
PRODUCT_ID = "-//Catalyst//Catalyst reminders//EN"


# ---------------------------------------------------------------- the feed URL
# The feed row is written by notifications.services (calendar_feed_ensure, calendar_feed_rotate).


def calendar_feed_url(feed: CalendarFeed) -> str:
    return settings.CATALYST["SITE_URL"].rstrip("/") + reverse("notifications:calendar-feed", kwargs={"token": feed.token})


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
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclasses.dataclass(frozen=True)
class CalendarEvent:
    """One event of a feed. Timed events give `start`/`end`; all-day events give `day`."""

    uid: str  # unique within the site; the host is appended
    summary: str
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    day: datetime.date | None = None
    description: str = ""
    path: str = ""  # a page of the site, e.g. /team/
    status: str = ""  # CONFIRMED, TENTATIVE or CANCELLED


CalendarSource = Callable[..., Iterable[CalendarEvent]]
_sources: dict[str, CalendarSource] = {}


def register_calendar_source(source: CalendarSource, *, name: str) -> CalendarSource:
    """Add events to every person's feed: `source(person=..., now=..., past_days=...)` returns them.
    Apps register their sources from AppConfig.ready(); registering a name again replaces it."""
    _sources[name] = source
    return source


def _lines(event: CalendarEvent, *, stamp: str, host: str, site: str) -> list[str]:
    if event.day is not None:
        start = f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}"
        end = f"DTEND;VALUE=DATE:{event.day + datetime.timedelta(days=1):%Y%m%d}"
    else:
        start, end = f"DTSTART:{utc_stamp(event.start)}", f"DTEND:{utc_stamp(event.end)}"
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}@{host}", f"DTSTAMP:{stamp}", start, end,
             f"SUMMARY:{escape_text(event.summary)}"]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.path:
        lines.append(f"URL:{site}{event.path}")
    if event.status:
        lines.append(f"STATUS:{event.status}")
    lines.append("END:VEVENT")
    return lines


def calendar_for(person: Person, *, now: datetime.datetime | None = None) -> str:
    """The feed's text: every registered source's events for this person (a query or two per source)."""
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
    for source in _sources.values():
        for event in source(person=person, now=now, past_days=PAST_DAYS):
            lines += _lines(event, stamp=stamp, host=host, site=site)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
