"""The HR dashboard on the admin's front page: plan coverage, overdue coaching, alumni business.

Reads only, in a fixed number of queries whatever the organisation's size.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum

from alumni.models import AlumniContribution, ContributionStatus
from coaching.models import CoachingSession
from coaching.selectors import developmental_gap_days, developmental_q
from common.time import local_midnight, organisation_today
from devplans.models import DevelopmentPlan, Milestone, MilestoneStatus, PlanStatus
from people.models import Person, PersonStatus, QuotaRecord, Tier
from people.selectors import latest_period


@dataclass
class HRDashboard:
    period: str
    gap_days: int
    top_performers: int
    top_with_active_plan: int
    active_people: int
    people_with_active_plan: int
    top_without_coaching: list[Person]
    top_without_coaching_count: int
    overdue_milestones: int
    waiting_for_decision: int
    alumni_business: list[dict]

    @property
    def top_plan_coverage(self) -> int:
        return round(100 * self.top_with_active_plan / self.top_performers) if self.top_performers else 0

    @property
    def plan_coverage(self) -> int:
        return round(100 * self.people_with_active_plan / self.active_people) if self.active_people else 0


def developmental_sessions_since(since: datetime.datetime):
    return CoachingSession.objects.filter(developmental_q(), scheduled_at__gte=since)


def hr_dashboard() -> HRDashboard:
    today = organisation_today()
    period = latest_period()
    active = Person.objects.filter(status=PersonStatus.ACTIVE)
    has_active_plan = Exists(DevelopmentPlan.objects.filter(person=OuterRef("pk"), status=PlanStatus.ACTIVE))
    gap = developmental_gap_days(Tier.TOP_20)  # HR's cadence policy, as on the team page and in reminders
    # Coached means what the team page means: at most `gap` local days since the last developmental session.
    since = local_midnight(today - datetime.timedelta(days=gap))
    coached = Exists(developmental_sessions_since(since).filter(coachee=OuterRef("pk")))
    if period:
        top = active.filter(
            Exists(QuotaRecord.objects.filter(person=OuterRef("pk"), year=period[0], quarter=period[1], tier=Tier.TOP_20))
        )
    else:
        top = active.none()
    top_counts = top.aggregate(
        total=Count("id"),
        with_plan=Count("id", filter=Q(has_active_plan)),
        uncoached=Count("id", filter=~Q(coached)),
    )
    all_counts = active.aggregate(total=Count("id"), with_plan=Count("id", filter=Q(has_active_plan)))
    milestones = Milestone.objects.filter(plan__status=PlanStatus.ACTIVE, plan__person__status=PersonStatus.ACTIVE)
    milestone_counts = milestones.aggregate(
        overdue=Count("id", filter=Q(due_date__lt=today, status__in=[
            MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.CHANGES_REQUESTED])),
        waiting=Count("id", filter=Q(status=MilestoneStatus.SUBMITTED)),
    )
    business = list(
        AlumniContribution.objects.filter(occurred_on__year=today.year)
        .values("kind")
        .annotate(
            count=Count("id"),
            won_value=Sum("value", filter=Q(status=ContributionStatus.WON), default=0),
            open_value=Sum("value", filter=Q(status=ContributionStatus.OPEN), default=0),
        )
        .order_by("kind")
    )
    labels = dict(AlumniContribution._meta.get_field("kind").choices)
    for row in business:
        row["label"] = labels.get(row["kind"], row["kind"])
    return HRDashboard(
        period=f"{period[0]}-Q{period[1]}" if period else "no quota figures yet",
        gap_days=gap,
        top_performers=top_counts["total"],
        top_with_active_plan=top_counts["with_plan"],
        active_people=all_counts["total"],
        people_with_active_plan=all_counts["with_plan"],
        top_without_coaching=list(top.filter(~Q(coached)).select_related("manager").order_by("full_name")[:10]),
        top_without_coaching_count=top_counts["uncoached"],
        overdue_milestones=milestone_counts["overdue"],
        waiting_for_decision=milestone_counts["waiting"],
        alumni_business=business,
    )
