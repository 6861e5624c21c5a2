"""The daily sweep of development-plan reminders (run by devplans.tasks.send_due_reminders).

Who gets what, for the organisation-local date `on`:
| kind | when | to | period (what makes it once) |
|---|---|---|---|
| milestone_due_soon | an open milestone is due on `on` + 7 | owner | the due date |
| milestone_due_tomorrow | an open milestone is due on `on` + 1 | owner | the due date |
| milestone_overdue | an open milestone's due date has passed | owner and direct manager | the ISO week of `on` (a weekly nudge until resolved) |
| milestone_awaiting_decision | submitted 3+ local days ago, undecided | direct manager | the local date of submission (once per submission) |
| plan_target_soon | an active plan's target date is `on` + 14 | owner and direct manager | the target date |

Open milestones are planned, in progress or changes requested; only active plans of active people
count, and only active managers are reminded. A fixed number of queries, whatever the row count.
"""
from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from common.time import iso_week, local_midnight
from devplans.kinds import PlanNotification
from devplans.models import OPEN_MILESTONE_STATUSES, DevelopmentPlan, Milestone, MilestoneStatus, PlanStatus
from notifications.services import EmailMode, Reminder, deliver
from people.models import PersonStatus

DUE_SOON_DAYS = 7
AWAITING_DECISION_DAYS = 3
PLAN_TARGET_DAYS = 14

MY_PLAN_URL = "/plans/mine/"
APPROVALS_URL = "/team/"


def candidates(*, on: datetime.date) -> list[Reminder]:
    """Every plan reminder that should exist for the local date `on` (3 queries)."""
    reminders: list[Reminder] = []
    soon, tomorrow, week = on + datetime.timedelta(days=DUE_SOON_DAYS), on + datetime.timedelta(days=1), iso_week(on)
    live_plans = {"plan__status": PlanStatus.ACTIVE, "plan__person__status": PersonStatus.ACTIVE}
    fields = ("id", "title", "due_date", "plan__person_id", "plan__person__full_name", "plan__person__manager_id",
              "plan__person__manager__status")

    open_milestones = Milestone.objects.filter(status__in=OPEN_MILESTONE_STATUSES, **live_plans).filter(
        Q(due_date__in=[soon, tomorrow]) | Q(due_date__lt=on)
    )
    for row in open_milestones.values(*fields).order_by("id"):
        subject = f"milestone:{row['id']}"
        owner, due = row["plan__person_id"], row["due_date"]
        manager = row["plan__person__manager_id"] if row["plan__person__manager__status"] == PersonStatus.ACTIVE else None
        if due == soon:
            reminders.append(Reminder(
                owner, PlanNotification.MILESTONE_DUE_SOON, subject, due.isoformat(),
                f"“{row['title']}” is due in {DUE_SOON_DAYS} days", f"Due on {due:%A %d %B %Y}.", MY_PLAN_URL,
            ))
        elif due == tomorrow:
            reminders.append(Reminder(
                owner, PlanNotification.MILESTONE_DUE_TOMORROW, subject, due.isoformat(),
                f"“{row['title']}” is due tomorrow", f"Due on {due:%A %d %B %Y}.", MY_PLAN_URL,
            ))
        elif due < on:
            days = (on - due).days
            body = f"It was due on {due:%A %d %B %Y} ({days} day{'s' if days != 1 else ''} ago)."
            reminders.append(Reminder(
                owner, PlanNotification.MILESTONE_OVERDUE, subject, week, f"“{row['title']}” is overdue", body, MY_PLAN_URL,
            ))
            if manager:
                reminders.append(Reminder(
                    manager, PlanNotification.MILESTONE_OVERDUE, subject, week,
                    f"{row['plan__person__full_name']}'s “{row['title']}” is overdue", body, APPROVALS_URL,
                ))

    # Submitted on a local date at least three days before `on`: submitted before midnight of on-2.
    submitted_before = local_midnight(on - datetime.timedelta(days=AWAITING_DECISION_DAYS - 1))
    waiting = Milestone.objects.filter(
        status=MilestoneStatus.SUBMITTED,
        submitted_at__lt=submitted_before,
        plan__person__manager__status=PersonStatus.ACTIVE,
        **live_plans,
    )
    for row in waiting.values(*fields, "submitted_at").order_by("id"):
        submitted_on = timezone.localdate(row["submitted_at"])
        reminders.append(Reminder(
            row["plan__person__manager_id"], PlanNotification.MILESTONE_AWAITING_DECISION, f"milestone:{row['id']}",
            submitted_on.isoformat(),
            f"{row['plan__person__full_name']}'s “{row['title']}” is waiting for your decision",
            f"Submitted on {submitted_on:%A %d %B %Y}; approve it or request changes.", APPROVALS_URL,
        ))

    target = on + datetime.timedelta(days=PLAN_TARGET_DAYS)
    plans = DevelopmentPlan.objects.filter(
        status=PlanStatus.ACTIVE, person__status=PersonStatus.ACTIVE, target_date=target
    ).values("id", "person_id", "person__full_name", "person__manager_id", "person__manager__status", "target_role__title")
    for row in plans.order_by("id"):
        subject, period = f"plan:{row['id']}", target.isoformat()
        aim = row["target_role__title"] or "the plan"
        body = f"The target date of the plan towards {aim} is {target:%A %d %B %Y}: time to review readiness."
        reminders.append(Reminder(
            row["person_id"], PlanNotification.PLAN_TARGET_SOON, subject, period,
            f"Your plan reaches its target date in {PLAN_TARGET_DAYS} days", body, MY_PLAN_URL,
        ))
        if row["person__manager_id"] and row["person__manager__status"] == PersonStatus.ACTIVE:
            reminders.append(Reminder(
                row["person__manager_id"], PlanNotification.PLAN_TARGET_SOON, subject, period,
                f"{row['person__full_name']}'s plan reaches its target date in {PLAN_TARGET_DAYS} days", body,
                APPROVALS_URL,
            ))
    return reminders


def sweep(*, on: datetime.date, email: EmailMode | str = EmailMode.QUEUE) -> dict[str, int]:
    """Create the plan reminders for the local date `on`; returns how many were new, per kind."""
    return deliver(candidates(on=on), email=email)
