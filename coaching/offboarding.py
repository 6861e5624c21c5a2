"""Coaching's part of offboarding: the leaver's open mentorships (as mentor or mentee) end on the leaving
date, and the sessions still scheduled with them (as coach or coachee) are cancelled.

Registered with people.leaving from CoachingConfig.ready(); runs inside the offboarding
transaction, so a failure anywhere leaves the mentorships as they were.
"""
from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q

from coaching.models import CoachingSession, Mentorship, MentorshipStatus, SessionStatus
from common.audit import save_with_history
from people.models import Person

OPEN_MENTORSHIP_STATUSES = (MentorshipStatus.PROPOSED, MentorshipStatus.ACTIVE)


def mentorships_end_for_leaver(*, actor: Person, person: Person, left_on: datetime.date) -> dict[str, Any]:
    mentorships = list(
        Mentorship.objects.select_for_update()
        .filter(Q(mentor=person) | Q(mentee=person), status__in=OPEN_MENTORSHIP_STATUSES)
        .order_by("id")
    )
    ended = []
    for mentorship in mentorships:
        ended.append({"id": mentorship.pk, "was": mentorship.status})
        mentorship.status, mentorship.end_date = MentorshipStatus.ENDED, left_on
        save_with_history(mentorship, actor=actor, reason="Ended: a participant left",
                          update_fields=["status", "end_date"])
    return {"mentorships_ended": ended}


def describe_mentorships_ended(result: dict[str, Any]) -> str:
    count = len(result.get("mentorships_ended", []))
    return f"{count} mentorship{'s' if count != 1 else ''} ended"


def sessions_cancel_for_leaver(*, actor: Person, person: Person, left_on: datetime.date) -> dict[str, Any]:
    """Sessions still scheduled with the leaver will not happen: cancelled, so nobody keeps writing
    agendas for them and they leave the other person's calendar feed."""
    sessions = list(
        CoachingSession.objects.select_for_update()
        .filter(Q(coach=person) | Q(coachee=person), status=SessionStatus.SCHEDULED)
        .order_by("id")
    )
    for session in sessions:
        session.status = SessionStatus.CANCELLED
        save_with_history(session, actor=actor, reason="Cancelled: a participant left",
                          update_fields=["status", "updated_at"])
    return {"sessions_cancelled": [session.pk for session in sessions]}


def describe_sessions_cancelled(result: dict[str, Any]) -> str:
    count = len(result.get("sessions_cancelled", []))
    return f"{count} scheduled session{'s' if count != 1 else ''} cancelled"
