"""Who may do what with development plans: one predicate per permission.

The services raise PermissionDenied when a predicate fails; pages, templates (through booleans
the views compute) and the admin ask the same predicates to decide what to offer. The facts come
from people.access.

A predicate answers about the actor's right only. Whether the actor sees the object at all is
people.access's question (the services answer 404 first), and whether the object's state allows
the move is the service's (409). A milestone's rights are those of its plan.

- the owner (the plan's person) submits the plan, starts and submits milestones;
- the direct manager, or HR, approves and completes plans and decides milestones; nobody decides
  on their own plan;
- the owner or anyone who may manage them (their manager chain, or HR) edits and archives the
  plan, changes growth areas, adds, edits and cancels milestones;
- only someone who manages the owner (never the owner) gives readiness feedback and logs
  career-champion actions.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from devplans.models import DevelopmentPlan, Milestone
from people import access
from people.models import Person, PersonStatus, Role

# While a page works out what to offer, one fact (does the actor manage this person?) is asked by
# many predicates; inside `remembering_facts()` it is read once. Services never use it: they
# decide on the facts as they are at that moment.
_remembered: ContextVar[dict | None] = ContextVar("devplans_permission_facts", default=None)


@contextmanager
def remembering_facts() -> Iterator[None]:
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def _manages(actor: Person, person: Person) -> bool:
    memo = _remembered.get()
    if memo is None:
        return access.can_manage(actor, person)
    key = (actor.pk, person.pk)
    if key not in memo:
        memo[key] = access.can_manage(actor, person)
    return memo[key]


def is_plan_owner(actor: Person, plan: DevelopmentPlan) -> bool:
    return actor.pk == plan.person_id


def _owner_or_manager(actor: Person, plan: DevelopmentPlan) -> bool:
    return is_plan_owner(actor, plan) or _manages(actor, plan.person)


def _decides_for(actor: Person, plan: DevelopmentPlan) -> bool:
    if is_plan_owner(actor, plan) or actor.status != PersonStatus.ACTIVE:
        return False
    return access.is_direct_manager(actor, plan.person) or access.is_hr(actor)


def _champions(actor: Person, plan: DevelopmentPlan) -> bool:
    return not is_plan_owner(actor, plan) and _manages(actor, plan.person)


# --- plans ----------------------------------------------------------------------------------


def can_create_plan(actor: Person, person: Person) -> bool:
    """A plan for oneself, or for someone one manages (HR: anyone)."""
    return actor.pk == person.pk or _manages(actor, person)


def can_edit_plan(actor: Person, plan: DevelopmentPlan) -> bool:
    return _owner_or_manager(actor, plan)


def can_archive_plan(actor: Person, plan: DevelopmentPlan) -> bool:
    return _owner_or_manager(actor, plan)


def can_submit_plan(actor: Person, plan: DevelopmentPlan) -> bool:
    return is_plan_owner(actor, plan)


def can_approve_plan(actor: Person, plan: DevelopmentPlan) -> bool:
    return _decides_for(actor, plan)


def can_complete_plan(actor: Person, plan: DevelopmentPlan) -> bool:
    return _decides_for(actor, plan)


def can_set_readiness(actor: Person, plan: DevelopmentPlan) -> bool:
    return _champions(actor, plan)


def can_add_champion_action(actor: Person, plan: DevelopmentPlan) -> bool:
    return _champions(actor, plan)


def can_change_growth_areas(actor: Person, plan: DevelopmentPlan) -> bool:
    return _owner_or_manager(actor, plan)


# --- milestones -------------------------------------------------------------------------------


def can_add_milestone(actor: Person, plan: DevelopmentPlan) -> bool:
    return _owner_or_manager(actor, plan)


def can_edit_milestone(actor: Person, milestone: Milestone) -> bool:
    return _owner_or_manager(actor, milestone.plan)


def can_cancel_milestone(actor: Person, milestone: Milestone) -> bool:
    return _owner_or_manager(actor, milestone.plan)


def can_act_on_milestone_as_owner(actor: Person, milestone: Milestone) -> bool:
    """Start and submit: the plan's own person."""
    return is_plan_owner(actor, milestone.plan)


def can_decide_milestone(actor: Person, milestone: Milestone) -> bool:
    """Approve or request changes: the direct manager or HR, never the owner."""
    return _decides_for(actor, milestone.plan)


# --- queues ---------------------------------------------------------------------------------


def manages_plan_person(actor: Person, plan: DevelopmentPlan) -> bool:
    """Someone other than the owner who manages them (a plan page links them to coaching the person)."""
    return not is_plan_owner(actor, plan) and _manages(actor, plan.person)


def can_see_approvals_queue(actor: Person) -> bool:
    """The queue of milestones waiting for a decision is for managers and HR."""
    return access.role_of(actor) in (Role.MANAGER, Role.HR)
