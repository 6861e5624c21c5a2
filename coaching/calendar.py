"""Coaching sessions in the coach's and the coachee's calendar feeds (registered with notifications.calendar)."""
from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Q

from coaching.models import CoachingSession, SessionStatus
from notifications.calendar import CalendarEvent
from people.models import Person


def session_events(*, person: Person, now: datetime.datetime, past_days: int) -> Iterator[CalendarEvent]:
    """Sessions as coach or coachee, not cancelled, from `past_days` ago on (1 query)."""
    sessions = (
        CoachingSession.objects.filter(Q(coach=person) | Q(coachee=person))
        .exclude(status=SessionStatus.CANCELLED)
        .filter(scheduled_at__gte=now - datetime.timedelta(days=past_days))
        .select_related("coach", "coachee")
        .order_by("scheduled_at", "id")
    )
    for session in sessions:
        other = session.coachee if session.coach_id == person.pk else session.coach
        description = session.opening_question
        if session.conversation:
            description = f"{session.get_conversation_display()}: {description}"
        yield CalendarEvent(
            uid=f"coaching-session-{session.pk}", summary=f"{session.get_kind_display()} with {other.full_name}",
            start=session.scheduled_at, end=session.scheduled_at + datetime.timedelta(minutes=session.duration_minutes),
            description=description, path="/team/",
            status="CONFIRMED" if session.status in (SessionStatus.SCHEDULED, SessionStatus.HELD) else "TENTATIVE",
        )
