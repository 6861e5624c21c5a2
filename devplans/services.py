"""Writes for development plans. One atomic function per business action, `<entity>_<action>`.

Each transition lives here and only here: it locks the row (`select_for_update`), checks the
actor's right (PermissionDenied → 403; Http404 when the object is outside the actor's scope),
checks the move is allowed (TransitionNotAllowed → 409), validates fields (ValidationError → 400),
saves through `save_with_history` and queues notifications with `transaction.on_commit`.

Who may do what is devplans.permissions; the services ask it and raise when it says no.
"""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from common.audit import save_with_history
from common.exceptions import TransitionNotAllowed
from common.permissions import require
from common.time import organisation_today
from devplans import permissions
from devplans.kinds import PlanNotification
from devplans.models import (
    CLOSED_MILESTONE_STATUSES,
    OPEN_PLAN_STATUSES,
    Ambition,
    ChampionAction,
    ChampionActionKind,
    DevelopmentPlan,
    GrowthArea,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    PlanStatus,
    Readiness,
)
from notifications.services import notify
from people import access
from people.models import JobRole, Person, PersonStatus, Skill

MAX_FOCUS_AREAS = 2
EDITABLE_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.PENDING_APPROVAL)
# Fields a plan keeps editable once it is active (the rest were agreed at approval).
ACTIVE_PLAN_EDITABLE_FIELDS = {"summary", "target_date"}
PLAN_EDITABLE_FIELDS = {"target_role", "ambition", "summary", "start_date", "target_date"}
MILESTONE_EDITABLE_FIELDS = {"title", "description", "kind", "due_date", "growth_area"}
# The moves a milestone's status allows (pages offer a button only where the move is allowed).
STARTABLE_MILESTONE_STATUSES = (MilestoneStatus.PLANNED, MilestoneStatus.CHANGES_REQUESTED)
SUBMITTABLE_MILESTONE_STATUSES = (MilestoneStatus.IN_PROGRESS, MilestoneStatus.CHANGES_REQUESTED)


def plan_takes_work(plan: DevelopmentPlan) -> bool:
    """Does the plan still take new milestones, growth-area changes and edits to milestones?"""
    return plan.status in OPEN_PLAN_STATUSES


def milestones_move(plan: DevelopmentPlan) -> bool:
    """Milestones are started, submitted and decided only while their plan is active."""
    return plan.status == PlanStatus.ACTIVE


def _timestamp(moment: datetime.datetime) -> str:
    """An ISO timestamp in UTC to the millisecond (fits a notification's period)."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds")


# --- rights ---------------------------------------------------------------------------------
# The predicates are in devplans.permissions; these turn a refusal into the message people see.


def _require_visible(actor: Person, plan: DevelopmentPlan) -> None:
    if not access.can_see_person(actor, plan.person):
        raise Http404("No such plan.")


def _owner_or_manager_only(plan: DevelopmentPlan, doing: str) -> str:
    return f"Only the plan's owner or their manager may {doing}."


def _owner_only(plan: DevelopmentPlan, doing: str) -> str:
    return f"Only {plan.person} may {doing}."


def _decider_only(actor: Person, plan: DevelopmentPlan, doing: str) -> str:
    if permissions.is_plan_owner(actor, plan):
        return f"You cannot {doing}: it is your own plan, so your manager decides."
    return f"Only {plan.person}'s direct manager or HR may {doing}."


def _manager_only(plan: DevelopmentPlan, doing: str) -> str:
    return f"Only {plan.person}'s manager may {doing}."


def _lock_plan(plan: DevelopmentPlan | int) -> DevelopmentPlan:
    plan_id = plan if isinstance(plan, int) else plan.pk
    return DevelopmentPlan.objects.select_for_update().select_related("person").get(pk=plan_id)


def _lock_milestone(milestone: Milestone | int) -> Milestone:
    milestone_id = milestone if isinstance(milestone, int) else milestone.pk
    locked = Milestone.objects.select_for_update().get(pk=milestone_id)
    # The plan and person are read (not locked) after the milestone lock is held.
    locked.plan = DevelopmentPlan.objects.select_related("person").get(pk=locked.plan_id)
    return locked


# --- validation -----------------------------------------------------------------------------


def _validate_dates(*, start_date: datetime.date, target_date: datetime.date) -> None:
    if target_date < start_date:
        raise ValidationError({"target_date": "The target date cannot be before the start date."})


def _validate_due_date(plan: DevelopmentPlan, due_date: datetime.date) -> None:
    if not (plan.start_date <= due_date <= plan.target_date):
        raise ValidationError(
            {"due_date": f"The due date must fall within the plan ({plan.start_date} to {plan.target_date})."}
        )


def _validate_growth_area(plan: DevelopmentPlan, growth_area: GrowthArea | int | None) -> GrowthArea | None:
    if growth_area is None:
        return None
    growth_area_id = growth_area if isinstance(growth_area, int) else growth_area.pk
    found = GrowthArea.objects.filter(pk=growth_area_id, plan_id=plan.pk).select_related("skill").first()
    if found is None:
        raise ValidationError({"growth_area": "Choose one of this plan's growth areas."})
    return found


def _require_plan_takes_work(plan: DevelopmentPlan) -> None:
    if not plan_takes_work(plan):
        raise TransitionNotAllowed(f"This plan is {plan.get_status_display().lower()}; it takes no more changes.")


# --- plans ------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor: Person,
    person: Person,
    start_date: datetime.date,
    target_date: datetime.date,
    target_role: JobRole | None = None,
    ambition: str = Ambition.NEXT_ROLE,
    summary: str = "",
) -> DevelopmentPlan:
    """A rep creates a plan for themself; a manager for someone in their line (or themself); HR for anyone."""
    if not access.can_see_person(actor, person):
        raise ValidationError({"person": "No such person."})
    require(permissions.can_create_plan(actor, person),
             "You may create plans only for yourself or people in your reporting line.")
    if person.status != PersonStatus.ACTIVE:
        raise ValidationError({"person": f"{person} has left; plans are for active people."})
    # Lock the person so two requests cannot both create their open plan.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if DevelopmentPlan.objects.filter(person=person, status__in=OPEN_PLAN_STATUSES).exists():
        raise ValidationError(
            {"person": f"{person} already has an open plan; complete or archive it before starting another."}
        )
    if ambition not in Ambition.values:
        raise ValidationError({"ambition": "Choose one of the listed ambitions."})
    _validate_dates(start_date=start_date, target_date=target_date)
    plan = DevelopmentPlan(
        person=person,
        target_role=target_role,
        ambition=ambition,
        summary=summary,
        start_date=start_date,
        target_date=target_date,
        created_by=actor,
    )
    save_with_history(plan, actor=actor, reason="Plan created")
    return plan


@transaction.atomic
def plan_update(*, actor: Person, plan: DevelopmentPlan, **fields) -> DevelopmentPlan:
    """Edit a plan's content.

    Drafts and plans pending approval: target role, ambition, summary, start and target date.
    Active plans: only the summary and the target date (what was approved stays as approved).
    Completed or archived plans: nothing (409). Person, status and decisions are never edited here.
    """
    plan = _lock_plan(plan)
    _require_visible(actor, plan)
    require(permissions.can_edit_plan(actor, plan), _owner_or_manager_only(plan, "edit this plan"))
    unknown = set(fields) - PLAN_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    if plan.status in EDITABLE_PLAN_STATUSES:
        allowed = PLAN_EDITABLE_FIELDS
    elif plan.status == PlanStatus.ACTIVE:
        allowed = ACTIVE_PLAN_EDITABLE_FIELDS
    else:
        raise TransitionNotAllowed(f"A {plan.get_status_display().lower()} plan cannot be edited.")
    refused = set(fields) - allowed
    if refused:
        raise TransitionNotAllowed(
            f"An active plan keeps what was approved; only {', '.join(sorted(allowed))} may change."
        )
    changed = [name for name, value in fields.items() if getattr(plan, name) != value]
    if not changed:
        return plan
    for name in changed:
        setattr(plan, name, fields[name])
    if "ambition" in changed and plan.ambition not in Ambition.values:
        raise ValidationError({"ambition": "Choose one of the listed ambitions."})
    _validate_dates(start_date=plan.start_date, target_date=plan.target_date)
    if {"start_date", "target_date"} & set(changed):
        outside = plan.milestones.exclude(due_date__range=(plan.start_date, plan.target_date)).exclude(
            status=MilestoneStatus.CANCELLED
        )
        if outside.exists():
            raise ValidationError(
                {"target_date": "Some milestones would fall outside the plan's dates; move them first."}
            )
    save_with_history(plan, actor=actor, reason="Plan edited", update_fields=changed + ["updated_at"])
    return plan


@transaction.atomic
def plan_submit(*, actor: Person, plan: DevelopmentPlan) -> DevelopmentPlan:
    """The owner sends a draft to their manager: draft → pending_approval."""
    plan = _lock_plan(plan)
    _require_visible(actor, plan)
    require(permissions.can_submit_plan(actor, plan), _owner_only(plan, "submit this plan"))
    if plan.status != PlanStatus.DRAFT:
        raise TransitionNotAllowed(f"Only a draft can be submitted; this plan is {plan.get_status_display().lower()}.")
    plan.status = PlanStatus.PENDING_APPROVAL
    save_with_history(plan, actor=actor, reason="Plan submitted for approval", update_fields=["status", "updated_at"])
    manager_id = plan.person.manager_id
    if manager_id:
        submitted_at = timezone.now()
        transaction.on_commit(
            lambda: notify(
                recipient=Person.objects.get(pk=manager_id),
                kind=PlanNotification.PLAN_AWAITING_APPROVAL,
                subject_key=f"plan:{plan.pk}",
                period=f"submitted:{_timestamp(submitted_at)}",
                title=f"{plan.person} submitted a development plan for your approval",
                url=f"/plans/{plan.pk}/",
            )
        )
    return plan


@transaction.atomic
def plan_approve(*, actor: Person, plan: DevelopmentPlan) -> DevelopmentPlan:
    """The direct manager (or HR) agrees the plan: pending_approval → active."""
    plan = _lock_plan(plan)
    _require_visible(actor, plan)
    require(permissions.can_approve_plan(actor, plan), _decider_only(actor, plan, "approve this plan"))
    if plan.status != PlanStatus.PENDING_APPROVAL:
        raise TransitionNotAllowed(
            f"Only a plan pending approval can be approved; this plan is {plan.get_status_display().lower()}."
        )
    if DevelopmentPlan.objects.filter(person_id=plan.person_id, status=PlanStatus.ACTIVE).exclude(pk=plan.pk).exists():
        raise TransitionNotAllowed(f"{plan.person} already has an active plan; complete or archive it first.")
    plan.status = PlanStatus.ACTIVE
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    save_with_history(
        plan, actor=actor, reason="Plan approved", update_fields=["status", "approved_by", "approved_at", "updated_at"]
    )
    return plan


@transaction.atomic
def plan_complete(*, actor: Person, plan: DevelopmentPlan) -> DevelopmentPlan:
    """The direct manager (or HR) closes an active plan: active → completed."""
    plan = _lock_plan(plan)
    _require_visible(actor, plan)
    require(permissions.can_complete_plan(actor, plan), _decider_only(actor, plan, "complete this plan"))
    if plan.status != PlanStatus.ACTIVE:
        raise TransitionNotAllowed(f"Only an active plan can be completed; this plan is {plan.get_status_display().lower()}.")
    plan.status = PlanStatus.COMPLETED
    save_with_history(plan, actor=actor, reason="Plan completed", update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def plan_archive(*, actor: Person, plan: DevelopmentPlan, reason: str = "") -> DevelopmentPlan:
    """The owner or a manager sets a plan aside (any status except archived → archived)."""
    plan = _lock_plan(plan)
    _require_visible(actor, plan)
    require(permissions.can_archive_plan(actor, plan), _owner_or_manager_only(plan, "archive this plan"))
    if plan.status == PlanStatus.ARCHIVED:
        raise TransitionNotAllowed("This plan is already archived.")
    plan.status = PlanStatus.ARCHIVED
    save_with_history(plan, actor=actor, reason=f"Plan archived{': ' + reason if reason else ''}",
                      update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def plan_readiness_update(
    *, actor: Person, plan: DevelopmentPlan, readiness: str, feedback: str
) -> DevelopmentPlan:
    """The manager's honest readiness feedback for the target role (also logged as a champion action)."""
    plan = _lock_plan(plan)
    _require_visible(actor, plan)
    require(permissions.can_set_readiness(actor, plan), _manager_only(plan, "give readiness feedback"))
    if plan.status == PlanStatus.ARCHIVED:
        raise TransitionNotAllowed("This plan is archived.")
    if readiness not in Readiness.values:
        raise ValidationError({"readiness": "Choose not yet, within 6–12 months or ready now."})
    if not feedback.strip():
        raise ValidationError({"feedback": "Say honestly why: feedback is required."})
    plan.readiness = readiness
    plan.readiness_feedback = feedback.strip()
    plan.readiness_updated_by = actor
    plan.readiness_updated_at = timezone.now()
    save_with_history(
        plan,
        actor=actor,
        reason="Readiness feedback",
        update_fields=["readiness", "readiness_feedback", "readiness_updated_by", "readiness_updated_at", "updated_at"],
    )
    action = ChampionAction(
        plan=plan,
        manager=actor,
        kind=ChampionActionKind.READINESS_FEEDBACK,
        description=f"{plan.get_readiness_display()}: {plan.readiness_feedback}",
        occurred_on=organisation_today(),
    )
    save_with_history(action, actor=actor, reason="Readiness feedback")
    return plan


@transaction.atomic
def champion_action_log(
    *,
    actor: Person,
    plan: DevelopmentPlan,
    kind: str,
    description: str,
    occurred_on: datetime.date | None = None,
    outside_team: bool = False,
) -> ChampionAction:
    """A manager records acting as the person's career champion (introduction, recommendation...)."""
    plan = _lock_plan(plan)
    _require_visible(actor, plan)
    require(permissions.can_add_champion_action(actor, plan), _manager_only(plan, "log career-champion actions"))
    if kind not in ChampionActionKind.values:
        raise ValidationError({"kind": "Choose one of the listed kinds."})
    if not description.strip():
        raise ValidationError({"description": "Describe what you did."})
    occurred_on = occurred_on or organisation_today()
    if occurred_on > organisation_today():
        raise ValidationError({"occurred_on": "Log what happened, not what is planned."})
    action = ChampionAction(
        plan=plan, manager=actor, kind=kind, description=description.strip(), occurred_on=occurred_on,
        outside_team=outside_team,
    )
    save_with_history(action, actor=actor, reason="Champion action logged")
    return action


# --- growth areas -----------------------------------------------------------------------------


def _focus_count(plan: DevelopmentPlan, *, excluding: int | None = None) -> int:
    focus = GrowthArea.objects.filter(plan=plan, is_focus=True)
    if excluding:
        focus = focus.exclude(pk=excluding)
    return focus.count()


def _check_focus_cap(plan: DevelopmentPlan, *, excluding: int | None = None) -> None:
    if _focus_count(plan, excluding=excluding) >= MAX_FOCUS_AREAS:
        raise ValidationError(
            {"is_focus": f"A plan has at most {MAX_FOCUS_AREAS} mastery-level focus areas; unmark one first."}
        )


@transaction.atomic
def growth_area_add(
    *, actor: Person, plan: DevelopmentPlan, skill: Skill, is_focus: bool = False, notes: str = ""
) -> GrowthArea:
    """Add a skill of the target role to work on; at most two are focus areas."""
    plan = _lock_plan(plan)
    _require_visible(actor, plan)
    require(permissions.can_change_growth_areas(actor, plan), _owner_or_manager_only(plan, "change growth areas"))
    _require_plan_takes_work(plan)
    if plan.target_role_id and not plan.target_role.role_skills.filter(skill=skill).exists():
        raise ValidationError({"skill": f"{skill} is not one of the skills {plan.target_role} needs."})
    if GrowthArea.objects.filter(plan=plan, skill=skill).exists():
        raise ValidationError({"skill": f"{skill} is already a growth area of this plan."})
    if is_focus:
        _check_focus_cap(plan)
    area = GrowthArea(plan=plan, skill=skill, is_focus=is_focus, notes=notes)
    save_with_history(area, actor=actor, reason="Growth area added")
    return area


@transaction.atomic
def growth_area_update(
    *, actor: Person, growth_area: GrowthArea, is_focus: bool | None = None, notes: str | None = None
) -> GrowthArea:
    plan = _lock_plan(growth_area.plan_id)
    _require_visible(actor, plan)
    require(permissions.can_change_growth_areas(actor, plan), _owner_or_manager_only(plan, "change growth areas"))
    _require_plan_takes_work(plan)
    area = GrowthArea.objects.select_related("skill").get(pk=growth_area.pk)
    changed = []
    if is_focus is not None and is_focus != area.is_focus:
        if is_focus:
            _check_focus_cap(plan, excluding=area.pk)
        area.is_focus = is_focus
        changed.append("is_focus")
    if notes is not None and notes != area.notes:
        area.notes = notes
        changed.append("notes")
    if changed:
        save_with_history(area, actor=actor, reason="Growth area changed", update_fields=changed)
    return area


@transaction.atomic
def growth_area_remove(*, actor: Person, growth_area: GrowthArea) -> None:
    """Remove a growth area; its milestones stay, without a growth area."""
    plan = _lock_plan(growth_area.plan_id)
    _require_visible(actor, plan)
    require(permissions.can_change_growth_areas(actor, plan), _owner_or_manager_only(plan, "change growth areas"))
    _require_plan_takes_work(plan)
    area = GrowthArea.objects.get(pk=growth_area.pk)
    area._history_user = getattr(actor, "user", None)
    area._change_reason = "Growth area removed"
    area.delete()


# --- milestones -------------------------------------------------------------------------------


@transaction.atomic
def milestone_create(
    *,
    actor: Person,
    plan: DevelopmentPlan,
    title: str,
    due_date: datetime.date,
    description: str = "",
    kind: str = MilestoneKind.OTHER,
    growth_area: GrowthArea | int | None = None,
) -> Milestone:
    """The owner or their manager adds a milestone; it is due inside the plan's dates."""
    plan = _lock_plan(plan)
    _require_visible(actor, plan)
    require(permissions.can_add_milestone(actor, plan), _owner_or_manager_only(plan, "add milestones"))
    _require_plan_takes_work(plan)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "A milestone needs a title."})
    if kind not in MilestoneKind.values:
        raise ValidationError({"kind": "Choose one of the listed kinds."})
    _validate_due_date(plan, due_date)
    area = _validate_growth_area(plan, growth_area)
    milestone = Milestone(plan=plan, growth_area=area, title=title[:200], description=description, kind=kind,
                          due_date=due_date)
    save_with_history(milestone, actor=actor, reason="Milestone added")
    return milestone


@transaction.atomic
def milestone_update(*, actor: Person, milestone: Milestone, **fields) -> Milestone:
    """The owner or their manager edits a milestone not yet approved or cancelled, while the plan takes work.

    Editable: title, description, kind, due_date (inside the plan's dates), growth_area (one of the plan's).
    """
    milestone = _lock_milestone(milestone)
    plan = milestone.plan
    _require_visible(actor, plan)
    require(permissions.can_edit_milestone(actor, milestone), _owner_or_manager_only(plan, "edit milestones"))
    unknown = set(fields) - MILESTONE_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    _require_plan_takes_work(plan)
    if milestone.status in CLOSED_MILESTONE_STATUSES:
        raise TransitionNotAllowed(f"A milestone that is {milestone.get_status_display().lower()} cannot be edited.")
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()[:200]
        if not fields["title"]:
            raise ValidationError({"title": "A milestone needs a title."})
    if "kind" in fields and fields["kind"] not in MilestoneKind.values:
        raise ValidationError({"kind": "Choose one of the listed kinds."})
    if "due_date" in fields:
        _validate_due_date(plan, fields["due_date"])
    if "growth_area" in fields:
        fields["growth_area"] = _validate_growth_area(plan, fields["growth_area"])
    changed = [name for name, value in fields.items() if getattr(milestone, name) != value]
    if not changed:
        return milestone
    for name in changed:
        setattr(milestone, name, fields[name])
    save_with_history(milestone, actor=actor, reason="Milestone edited", update_fields=changed + ["updated_at"])
    return milestone


def _require_active_plan(milestone: Milestone) -> None:
    if not milestones_move(milestone.plan):
        raise TransitionNotAllowed("Milestones move only while their plan is active.")


@transaction.atomic
def milestone_start(*, actor: Person, milestone: Milestone) -> Milestone:
    """The owner starts work: planned or changes_requested → in_progress."""
    milestone = _lock_milestone(milestone)
    _require_visible(actor, milestone.plan)
    require(permissions.can_act_on_milestone_as_owner(actor, milestone), _owner_only(milestone.plan, "start this milestone"))
    _require_active_plan(milestone)
    if milestone.status not in STARTABLE_MILESTONE_STATUSES:
        raise TransitionNotAllowed(f"A milestone that is {milestone.get_status_display().lower()} cannot be started.")
    milestone.status = MilestoneStatus.IN_PROGRESS
    milestone.started_at = milestone.started_at or timezone.now()
    save_with_history(milestone, actor=actor, reason="Milestone started",
                      update_fields=["status", "started_at", "updated_at"])
    return milestone


@transaction.atomic
def milestone_submit(*, actor: Person, milestone: Milestone, evidence: str = "") -> Milestone:
    """The owner hands in the work: in_progress or changes_requested → submitted (evidence optional)."""
    milestone = _lock_milestone(milestone)
    _require_visible(actor, milestone.plan)
    require(permissions.can_act_on_milestone_as_owner(actor, milestone),
             _owner_only(milestone.plan, "submit this milestone"))
    _require_active_plan(milestone)
    if milestone.status not in SUBMITTABLE_MILESTONE_STATUSES:
        raise TransitionNotAllowed(
            f"Only a milestone in progress can be submitted; this one is {milestone.get_status_display().lower()}."
        )
    milestone.status = MilestoneStatus.SUBMITTED
    if evidence.strip():
        milestone.evidence = evidence.strip()
    milestone.submitted_at = timezone.now()
    save_with_history(milestone, actor=actor, reason="Milestone submitted",
                      update_fields=["status", "evidence", "submitted_at", "updated_at"])
    manager_id = milestone.plan.person.manager_id
    if manager_id:
        period = f"submitted:{_timestamp(milestone.submitted_at)}"
        person_name = milestone.plan.person.full_name
        transaction.on_commit(
            lambda: notify(
                recipient=Person.objects.get(pk=manager_id),
                kind=PlanNotification.MILESTONE_AWAITING_DECISION,
                subject_key=f"milestone:{milestone.pk}",
                period=period,
                title=f"{person_name} submitted “{milestone.title}” for your decision",
                url="/team/",
            )
        )
    return milestone


def _decide(*, actor: Person, milestone: Milestone, status: str, comment: str, reason: str) -> Milestone:
    milestone = _lock_milestone(milestone)
    _require_visible(actor, milestone.plan)
    require(permissions.can_decide_milestone(actor, milestone),
             _decider_only(actor, milestone.plan, "decide on this milestone"))
    _require_active_plan(milestone)
    if milestone.status != MilestoneStatus.SUBMITTED:
        raise TransitionNotAllowed(
            f"Only a submitted milestone can be decided; this one is {milestone.get_status_display().lower()}."
        )
    milestone.status = status
    milestone.decided_by = actor
    milestone.decided_at = timezone.now()
    milestone.decision_comment = comment
    save_with_history(milestone, actor=actor, reason=reason,
                      update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"])
    owner = milestone.plan.person
    period = _timestamp(milestone.decided_at)
    verdict = "approved" if status == MilestoneStatus.APPROVED else "sent back with changes requested"
    transaction.on_commit(
        lambda: notify(
            recipient=owner,
            kind=PlanNotification.MILESTONE_DECIDED,
            subject_key=f"milestone:{milestone.pk}",
            period=period,
            title=f"“{milestone.title}” was {verdict}",
            body=comment,
            url="/plans/mine/",
        )
    )
    return milestone


@transaction.atomic
def milestone_approve(*, actor: Person, milestone: Milestone, comment: str = "") -> Milestone:
    """The direct manager (or HR) accepts the work: submitted → approved."""
    return _decide(actor=actor, milestone=milestone, status=MilestoneStatus.APPROVED, comment=comment.strip(),
                   reason="Milestone approved")


@transaction.atomic
def milestone_request_changes(*, actor: Person, milestone: Milestone, comment: str) -> Milestone:
    """The direct manager (or HR) sends the work back: submitted → changes_requested (comment required)."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Say what should change: a comment is required."})
    return _decide(actor=actor, milestone=milestone, status=MilestoneStatus.CHANGES_REQUESTED, comment=comment,
                   reason="Milestone changes requested")


@transaction.atomic
def milestone_cancel(*, actor: Person, milestone: Milestone) -> Milestone:
    """The owner or a manager drops a milestone not yet approved; it leaves the progress figure."""
    milestone = _lock_milestone(milestone)
    _require_visible(actor, milestone.plan)
    require(permissions.can_cancel_milestone(actor, milestone), _owner_or_manager_only(milestone.plan, "cancel this milestone"))
    if milestone.status in CLOSED_MILESTONE_STATUSES:
        raise TransitionNotAllowed(f"A milestone that is {milestone.get_status_display().lower()} cannot be cancelled.")
    milestone.status = MilestoneStatus.CANCELLED
    save_with_history(milestone, actor=actor, reason="Milestone cancelled", update_fields=["status", "updated_at"])
    return milestone
