"""Milestone due dates in the owner's calendar feed (registered with notifications.calendar)."""
from __future__ import annotations

import datetime
from collections.abc import Iterator

from devplans.models import OPEN_PLAN_STATUSES, Milestone, MilestoneStatus
from notifications.calendar import CalendarEvent
from people.models import Person


def milestone_events(*, person: Person, now: datetime.datetime, past_days: int) -> Iterator[CalendarEvent]:
    """All-day events for the milestones of the person's open plans (1 query)."""
    milestones = (
        Milestone.objects.filter(plan__person=person, plan__status__in=OPEN_PLAN_STATUSES)
        .exclude(status=MilestoneStatus.CANCELLED)
        .order_by("due_date", "id")
        .values("id", "title", "due_date", "status")
    )
    for milestone in milestones:
        yield CalendarEvent(
            uid=f"milestone-{milestone['id']}", summary=f"Milestone due: {milestone['title']}", day=milestone["due_date"],
            description=f"Status: {MilestoneStatus(milestone['status']).label}", path="/plans/mine/",
        )
