"""Reads for development plans, each in a fixed number of queries, scoped through people.access."""
from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from common.ids import object_id
from common.time import organisation_today
from devplans.models import (
    CLOSED_MILESTONE_STATUSES,
    OPEN_PLAN_STATUSES,
    ChampionAction,
    DevelopmentPlan,
    GrowthArea,
    Milestone,
    MilestoneStatus,
    PlanStatus,
)
from people import access
from people.models import Person
from people.selectors import direct_reports


def overdue_q(today: datetime.date | None = None, *, prefix: str = "") -> Q:
    """Milestones due before today (organisation time zone) and neither approved nor cancelled."""
    today = today or organisation_today()
    return Q(**{f"{prefix}due_date__lt": today}) & ~Q(**{f"{prefix}status__in": CLOSED_MILESTONE_STATUSES})


def milestone_is_overdue(milestone: Milestone, today: datetime.date | None = None) -> bool:
    today = today or organisation_today()
    return milestone.due_date < today and milestone.status not in CLOSED_MILESTONE_STATUSES


def plan_progress(*, approved: int, counted: int) -> int:
    """Share of non-cancelled milestones approved, 0–100, rounded down (100 only when all are approved)."""
    if not counted:
        return 0
    return approved * 100 // counted


def with_progress(queryset: QuerySet[DevelopmentPlan]) -> QuerySet[DevelopmentPlan]:
    return queryset.annotate(
        milestones_counted=Count("milestones", filter=~Q(milestones__status=MilestoneStatus.CANCELLED), distinct=True),
        milestones_approved=Count("milestones", filter=Q(milestones__status=MilestoneStatus.APPROVED), distinct=True),
    )


def progress_of(plan: DevelopmentPlan) -> int:
    counted = getattr(plan, "milestones_counted", None)
    approved = getattr(plan, "milestones_approved", None)
    if counted is None or approved is None:
        milestones = list(plan.milestones.all())  # uses the prefetch when present
        counted = sum(1 for m in milestones if m.status != MilestoneStatus.CANCELLED)
        approved = sum(1 for m in milestones if m.status == MilestoneStatus.APPROVED)
    return plan_progress(approved=approved, counted=counted)


def _plans_with_details(queryset: QuerySet[DevelopmentPlan]) -> QuerySet[DevelopmentPlan]:
    """Plans with everything a plan shows. Progress comes from the prefetched milestones
    (`progress_of`), so the plans' query needs no join and no GROUP BY."""
    return queryset.select_related("person", "target_role", "readiness_updated_by", "approved_by").prefetch_related(
        Prefetch("growth_areas", queryset=GrowthArea.objects.select_related("skill")),
        Prefetch("milestones", queryset=Milestone.objects.select_related("growth_area__skill", "decided_by").order_by("due_date", "id")),
    )


def plan_list(*, actor: Person, status: str | None = None, person_id: int | None = None) -> QuerySet[DevelopmentPlan]:
    """The plans `actor` may see (own; line for managers; all for HR), with everything the API shows."""
    plans = access.scope_by_person(actor, DevelopmentPlan.objects.all())
    if status:
        plans = plans.filter(status=status)
    if person_id:
        plans = plans.filter(person_id=person_id)
    return _plans_with_details(plans).order_by("-start_date", "-id")


def plan_get(*, actor: Person, plan_id: int | str, champion_actions: bool = True) -> DevelopmentPlan:
    """One plan `actor` may see, or 404 as if it did not exist. `champion_actions=False` skips
    reading them (the API's plan does not show them): one query fewer."""
    plan_id = object_id(plan_id, what="plan")
    plans = _plans_with_details(access.scope_by_person(actor, DevelopmentPlan.objects.filter(pk=plan_id)))
    if champion_actions:
        plans = plans.prefetch_related(Prefetch("champion_actions", queryset=ChampionAction.objects.select_related("manager")))
    plan = plans.first()
    if plan is None:
        raise Http404("No such plan.")
    return plan


def plan_access(*, actor: Person, plan_id: int | str) -> DevelopmentPlan:
    """The bare plan (with its person) if `actor` may see it, or 404 (1 query). For actions."""
    plan_id = object_id(plan_id, what="plan")
    plan = access.scope_by_person(actor, DevelopmentPlan.objects.filter(pk=plan_id)).select_related("person").first()
    if plan is None:
        raise Http404("No such plan.")
    return plan


def milestone_list(*, actor: Person, plan: DevelopmentPlan) -> QuerySet[Milestone]:
    """The milestones of a plan `actor` already sees, by due date."""
    milestones = access.scope_by_person(actor, Milestone.objects.filter(plan=plan), person_field="plan__person")
    return milestones.select_related("growth_area__skill", "decided_by").order_by("due_date", "id")


def milestone_get(*, actor: Person, milestone_id: int | str) -> Milestone:
    """One milestone whose plan `actor` may see, or 404."""
    milestone_id = object_id(milestone_id, what="milestone")
    milestones = access.scope_by_person(actor, Milestone.objects.filter(pk=milestone_id), person_field="plan__person")
    milestone = milestones.select_related("plan__person", "growth_area__skill", "decided_by").first()
    if milestone is None:
        raise Http404("No such milestone.")
    return milestone


def growth_area_get(*, actor: Person, plan: DevelopmentPlan, growth_area_id: int | str) -> GrowthArea:
    """One growth area of `plan` (which `actor` already sees), or 404."""
    growth_area_id = object_id(growth_area_id, what="growth area")
    area = GrowthArea.objects.filter(pk=growth_area_id, plan=plan).select_related("skill").first()
    if area is None:
        raise Http404("No such growth area.")
    return area


def approvals_for(*, actor: Person) -> QuerySet[Milestone]:
    """Submitted milestones waiting for `actor`'s decision: those of their direct reports.

    Only the direct manager (or HR) decides, so skip-level managers see only their own direct
    reports here; HR sees every submitted milestone. Oldest submission first.
    """
    milestones = Milestone.objects.filter(status=MilestoneStatus.SUBMITTED, plan__status=PlanStatus.ACTIVE)
    if not access.is_hr(actor):
        milestones = milestones.filter(plan__person__manager=actor).exclude(plan__person=actor)
    return milestones.select_related("plan__person", "plan__target_role", "growth_area__skill").order_by(
        "submitted_at", "id"
    )


def current_plan_for(person: Person | int) -> DevelopmentPlan | None:
    """The person's open plan (active first, then pending approval, then draft), or None."""
    person_id = person if isinstance(person, int) else person.pk
    plans = list(DevelopmentPlan.objects.filter(person_id=person_id, status__in=OPEN_PLAN_STATUSES))
    return _pick_current(plans)


_STATUS_PRIORITY = {PlanStatus.ACTIVE: 0, PlanStatus.PENDING_APPROVAL: 1, PlanStatus.DRAFT: 2,
                    PlanStatus.COMPLETED: 3, PlanStatus.ARCHIVED: 4}


def _pick_current(plans: list[DevelopmentPlan]) -> DevelopmentPlan | None:
    if not plans:
        return None
    return min(plans, key=lambda plan: (_STATUS_PRIORITY[plan.status], -plan.start_date.toordinal(), -plan.pk))


def plan_for_page(*, person: Person) -> DevelopmentPlan | None:
    """The plan /plans/mine/ shows: the current one, else the latest completed or archived one."""
    plans = list(_plans_with_details(DevelopmentPlan.objects.filter(person=person)).prefetch_related(
        Prefetch("champion_actions", queryset=ChampionAction.objects.select_related("manager"))
    ))
    return _pick_current(plans)


def team_plans_context(*, manager: Person, reports: list[Person] | None = None) -> dict:
    """For the /team/ page: the approvals queue and each direct report's current plan (3 queries;
    2 when the caller passes the manager's active direct reports, by name, as `reports`).

    {"approvals": [Milestone with plan and plan.person loaded, oldest submission first],
     "report_plans": [{"person", "plan" (or None), "status" (or None), "progress" (0–100)}]}
    """
    approvals = list(
        Milestone.objects.filter(
            status=MilestoneStatus.SUBMITTED, plan__status=PlanStatus.ACTIVE, plan__person__manager=manager
        )
        .exclude(plan__person=manager)
        .select_related("plan__person", "plan__target_role", "growth_area__skill")
        .order_by("submitted_at", "id")
    )
    if reports is None:
        reports = list(direct_reports(manager))
    plans_by_person: dict[int, list[DevelopmentPlan]] = {}
    for plan in with_progress(
        DevelopmentPlan.objects.filter(person__in=[p.pk for p in reports], status__in=OPEN_PLAN_STATUSES)
    ).select_related("target_role"):
        plans_by_person.setdefault(plan.person_id, []).append(plan)
    report_plans = []
    for person in reports:
        plan = _pick_current(plans_by_person.get(person.pk, []))
        report_plans.append({
            "person": person,
            "plan": plan,
            "status": plan.status if plan else None,
            "progress": progress_of(plan) if plan else 0,
        })
    return {"approvals": approvals, "report_plans": report_plans}
