"""Coaching's part of erasure on request (registered with people.erasure from CoachingConfig.ready()).

Sessions' notes, agenda and action items, mentorship goals, relief notes and flight-risk notes,
and their history, lose every mention of the erased person. What the person took part in or what
is about them (their sessions as coach or coachee with their agenda and action items, their
mentorships and reliefs, observations about them) are their own records, where a lone first name
is scrubbed too; what they wrote about someone else is not. Nothing is deleted. Runs inside the erasure transaction.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q

from coaching.models import ActionItem, AgendaItem, CoachingSession, FlightRiskObservation, Mentorship, QuotaRelief
from people.erasure import Redaction, scrub_app
from people.models import Person


def coaching_erase(*, person: Person, redaction: Redaction) -> dict[str, Any]:
    in_their_session = Q(session__coach=person) | Q(session__coachee=person)
    return {"scrubbed": scrub_app("coaching", redaction=redaction, own={
        CoachingSession: Q(coach=person) | Q(coachee=person),
        AgendaItem: in_their_session,
        ActionItem: in_their_session,
        Mentorship: Q(mentor=person) | Q(mentee=person),
        QuotaRelief: Q(mentor=person),
        FlightRiskObservation: Q(person=person),
    })}
