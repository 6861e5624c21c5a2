"""The daily sweep of coaching reminders and the Monday digest (coaching.tasks).

For the organisation-local date `on`:
| kind | when | to | period (what makes it once) |
|---|---|---|---|
| coaching_overdue | a top-20% rep has had no developmental coaching for longer than the top tier's developmental gap (`developmental_gap_days()`, 30 days by default) | direct manager | ISO week of `on` |
| career_conversation_due | no held quarterly career conversation in the last 91 days | the person and their direct manager | ISO week of `on` |
| manager_digest | Mondays (local), or when forced | each active manager with active reports | ISO week of `on` |

Developmental coaching is a held session that is a monthly deep-dive or a quarterly career
conversation, or any held session with one of the five conversations. The top 20% comes from the
stored tiers of the newest quota period at or before `on`. Standing conditions repeat at most once a
week while they last. People hired less than 91 days ago are not yet due a career conversation.
A fixed number of queries, whatever the row count.
"""
from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Max, Q
from django.utils import timezone

from coaching.kinds import CoachingNotification
from coaching.models import SessionKind, SessionStatus
from coaching.selectors import developmental_gap_days, developmental_q
from common.time import days_since, iso_week, local_midnight
from devplans.models import Milestone, MilestoneStatus, PlanStatus
from notifications.services import EmailMode, Reminder, deliver
from people.models import Person, PersonStatus, QuotaRecord, Tier
from people.selectors import latest_period

CAREER_CONVERSATION_DAYS = 91
TEAM_URL = "/team/"


def top_tier_ids(*, on: datetime.date) -> set[int]:
    """People in the top 20% in the newest quota period at or before `on` (2 queries)."""
    period = latest_period(on=on)
    if period is None:
        return set()
    return set(
        QuotaRecord.objects.filter(year=period[0], quarter=period[1], tier=Tier.TOP_20).values_list("person_id", flat=True)
    )


def coaching_facts(*, on: datetime.date) -> list[dict]:
    """Each active person with an active manager, with their last developmental and career sessions (1 query)."""
    until = local_midnight(on + datetime.timedelta(days=1))
    received = "coaching_received"
    return list(
        Person.objects.filter(status=PersonStatus.ACTIVE, manager__status=PersonStatus.ACTIVE)
        .annotate(
            last_developmental=Max(
                f"{received}__scheduled_at",
                filter=Q(**{f"{received}__scheduled_at__lt": until}) & developmental_q(prefix=f"{received}__"),
            ),
            last_career=Max(
                f"{received}__scheduled_at",
                filter=Q(
                    **{
                        f"{received}__scheduled_at__lt": until,
                        f"{received}__status": SessionStatus.HELD,
                        f"{received}__kind": SessionKind.QUARTERLY_CAREER,
                    }
                ),
            ),
        )
        .values("id", "full_name", "manager_id", "hire_date", "last_developmental", "last_career")
        .order_by("manager_id", "full_name", "id")
    )


def candidates(*, on: datetime.date, digest: bool | None = None) -> list[Reminder]:
    """Every coaching reminder that should exist for `on`. `digest`: None = on Mondays only."""
    week = iso_week(on)
    top = top_tier_ids(on=on)
    gap = developmental_gap_days()
    facts = coaching_facts(on=on)
    reminders: list[Reminder] = []
    overdue_ids: set[int] = set()
    career_due_by = on - datetime.timedelta(days=CAREER_CONVERSATION_DAYS)
    for person in facts:
        subject = f"person:{person['id']}"
        since = days_since(person["last_developmental"], on)
        if person["id"] in top and (since is None or since > gap):
            overdue_ids.add(person["id"])
            when = "never" if since is None else f"{since} days ago"
            reminders.append(Reminder(
                person["manager_id"], CoachingNotification.COACHING_OVERDUE, subject, week,
                f"{person['full_name']} (top 20%) has had no developmental coaching for {gap}+ days",
                f"Last developmental session: {when}. Book a deep-dive or one of the five conversations.",
                TEAM_URL,
            ))
        career_since = days_since(person["last_career"], on)
        new_joiner = person["hire_date"] is not None and person["hire_date"] > career_due_by
        if not new_joiner and (career_since is None or career_since >= CAREER_CONVERSATION_DAYS):
            when = "never" if career_since is None else f"{career_since} days ago"
            body = f"Last quarterly career conversation: {when}. Plan 90 minutes on development and compensation."
            reminders.append(Reminder(
                person["id"], CoachingNotification.CAREER_CONVERSATION_DUE, subject, week,
                "Your quarterly career conversation is due", body, "/plans/mine/",
            ))
            reminders.append(Reminder(
                person["manager_id"], CoachingNotification.CAREER_CONVERSATION_DUE, subject, week,
                f"A quarterly career conversation with {person['full_name']} is due", body, TEAM_URL,
            ))
    if digest or (digest is None and on.weekday() == 0):
        reminders.extend(_digests(on=on, facts=facts, top=top, overdue_ids=overdue_ids))
    return reminders


def _digests(*, on: datetime.date, facts: list[dict], top: set[int], overdue_ids: set[int]) -> list[Reminder]:
    """One digest per manager: who is top 20%, who is overdue for coaching, what waits for approval (1 query)."""
    reports: dict[int, list[dict]] = defaultdict(list)
    for person in facts:
        reports[person["manager_id"]].append(person)
    waiting: dict[int, list[dict]] = defaultdict(list)
    for row in (
        Milestone.objects.filter(
            status=MilestoneStatus.SUBMITTED,
            plan__status=PlanStatus.ACTIVE,
            plan__person__status=PersonStatus.ACTIVE,
            plan__person__manager_id__in=list(reports),
        )
        .values("title", "submitted_at", "plan__person__full_name", "plan__person__manager_id")
        .order_by("submitted_at", "id")
    ):
        waiting[row["plan__person__manager_id"]].append(row)
    week = iso_week(on)
    result = []
    for manager_id, team in reports.items():
        top_names = [p["full_name"] for p in team if p["id"] in top]
        overdue_names = [p["full_name"] for p in team if p["id"] in overdue_ids]
        lines = [f"Your week of {on:%d %B %Y}.", "", "Top 20%: " + (", ".join(top_names) or "nobody on your team")]
        lines.append("Overdue for developmental coaching: " + (", ".join(overdue_names) or "nobody"))
        approvals = waiting.get(manager_id, [])
        lines.append(f"Waiting for your approval: {len(approvals)}")
        for row in approvals:
            submitted = f" (submitted {timezone.localdate(row['submitted_at']):%d %b})" if row["submitted_at"] else ""
            lines.append(f"  - {row['plan__person__full_name']}: {row['title']}{submitted}")
        title = (
            f"Your Monday digest: {len(top_names)} top performer{'s' if len(top_names) != 1 else ''}, "
            f"{len(overdue_names)} overdue, {len(approvals)} waiting for approval"
        )
        result.append(Reminder(manager_id, CoachingNotification.MANAGER_DIGEST, f"team:{manager_id}", week, title,
                               "\n".join(lines), TEAM_URL))
    return result


def sweep(*, on: datetime.date, digest: bool | None = None, email: EmailMode | str = EmailMode.QUEUE) -> dict[str, int]:
    """Create the coaching reminders (and on Mondays the digests) for `on`; returns the new ones per kind."""
    return deliver(candidates(on=on, digest=digest), email=email)


def digest_sweep(*, on: datetime.date, force: bool = False, email: EmailMode | str = EmailMode.QUEUE) -> dict[str, int]:
    """Only the manager digests: on Mondays (organisation time), or any day when forced."""
    if not force and on.weekday() != 0:
        return {}
    facts = coaching_facts(on=on)
    top = top_tier_ids(on=on)
    gap = developmental_gap_days()
    overdue = {
        p["id"] for p in facts
        if p["id"] in top and ((s := days_since(p["last_developmental"], on)) is None or s > gap)
    }
    return deliver(_digests(on=on, facts=facts, top=top, overdue_ids=overdue), email=email)
