"""Pages of the devplans app: the rep's plan timeline, a plan page for managers, and the POST
forms behind them and behind the approvals queue (devplans/_team_approvals.html).

Each action view parses its form (devplans.forms), calls one service, says what happened and
goes back: to the `next` the form posts (a page on this site), else to a devplans page. What a
page offers comes from devplans.permissions, the same predicates the services apply.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from common.exceptions import REFUSALS
from common.forms import add_service_errors, error_text, form_error_text, refusal_text
from common.time import organisation_today
from devplans import permissions, selectors, services
from devplans.forms import (
    ChampionActionForm,
    GrowthAreaForm,
    MilestoneAddForm,
    MilestoneDecisionForm,
    MilestoneForm,
    MilestoneSubmitForm,
    PlanForm,
    ReadinessForm,
)
from devplans.models import CLOSED_MILESTONE_STATUSES, DevelopmentPlan, Milestone, MilestoneStatus, PlanStatus
from devplans.sections import my_plan_context
from people import access
from people.access import require_actor
from people.models import Person, PersonStatus, Skill


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


# --- the plan pages -----------------------------------------------------------------------------


def _timeline(plan: DevelopmentPlan, viewer: Person) -> dict:
    """Where each milestone and today sit along the plan, in per cent of its span, and what the
    viewer may do with each milestone now."""
    today = organisation_today()
    span = max((plan.target_date - plan.start_date).days, 1)

    def position(day) -> float:
        return round(min(max((day - plan.start_date).days / span * 100, 0), 100), 1)

    moving, open_plan = services.milestones_move(plan), services.plan_takes_work(plan)
    items = [
        {
            "milestone": m,
            "position": position(m.due_date),
            "overdue": selectors.milestone_is_overdue(m, today),
            "can_start": (moving and m.status in services.STARTABLE_MILESTONE_STATUSES
                          and permissions.can_act_on_milestone_as_owner(viewer, m)),
            "can_submit": (moving and m.status in services.SUBMITTABLE_MILESTONE_STATUSES
                           and permissions.can_act_on_milestone_as_owner(viewer, m)),
            "can_decide": (moving and m.status == MilestoneStatus.SUBMITTED
                           and permissions.can_decide_milestone(viewer, m)),
            "can_cancel": (open_plan and m.status not in CLOSED_MILESTONE_STATUSES
                           and permissions.can_cancel_milestone(viewer, m)),
        }
        for m in plan.milestones.all()
    ]
    return {
        "items": items,
        "today": today,
        "today_position": position(today),
        "today_inside": plan.start_date <= today <= plan.target_date,
        "overdue_count": sum(1 for item in items if item["overdue"]),
    }


def _plan_rights(plan: DevelopmentPlan, viewer: Person, growth_areas: list) -> dict:
    """Which forms the page offers `viewer`: what the services would allow (they still decide)."""
    open_plan = services.plan_takes_work(plan)
    rights = {
        "is_owner": permissions.is_plan_owner(viewer, plan),
        "can_add_milestone": open_plan and permissions.can_add_milestone(viewer, plan),
        "can_change_growth_areas": open_plan and permissions.can_change_growth_areas(viewer, plan),
        "can_submit_plan": plan.status == PlanStatus.DRAFT and permissions.can_submit_plan(viewer, plan),
        "can_approve_plan": (
            plan.status == PlanStatus.PENDING_APPROVAL and permissions.can_approve_plan(viewer, plan)
        ),
        "can_set_readiness": (
            plan.status != PlanStatus.ARCHIVED and permissions.can_set_readiness(viewer, plan)
        ),
        "can_add_champion_action": (
            plan.status != PlanStatus.ARCHIVED and permissions.can_add_champion_action(viewer, plan)
        ),
        "manages_person": permissions.manages_plan_person(viewer, plan),
    }
    if rights["can_change_growth_areas"]:
        taken = [area.skill_id for area in growth_areas]
        skills = plan.target_role.skills.all() if plan.target_role_id else Skill.objects.all()
        rights["available_skills"] = list(skills.exclude(pk__in=taken).order_by("name"))
    if rights["can_add_milestone"]:
        rights["milestone_form"] = MilestoneForm(plan=plan, growth_areas=growth_areas, auto_id="milestone-%s")
    if rights["can_set_readiness"]:
        rights["readiness_form"] = ReadinessForm(initial={"readiness": plan.readiness}, auto_id="readiness-%s")
    if rights["can_add_champion_action"]:
        rights["champion_form"] = ChampionActionForm(initial={"occurred_on": organisation_today()},
                                                     auto_id="champion-%s")
    return rights


def _plan_page(
    request: HttpRequest, plan: DevelopmentPlan | None, *, viewer: Person, template: str, extra: dict | None = None
) -> HttpResponse:
    context = {"plan": plan, "viewer": viewer, **(extra or {})}
    if plan is not None:
        growth_areas = list(plan.growth_areas.all())
        with permissions.remembering_facts():
            context.update(
                timeline=_timeline(plan, viewer),
                progress=selectors.progress_of(plan),
                growth_areas=growth_areas,
                champion_actions=list(plan.champion_actions.all()),
                **_plan_rights(plan, viewer, growth_areas),
            )
    return render(request, template, context)


@login_required
def my_plan(request: HttpRequest) -> HttpResponse:
    """The signed-in person's active (or latest) plan as a timeline; they start and submit milestones here."""
    actor = require_actor(request)
    plan = selectors.plan_for_page(person=actor)
    return _plan_page(request, plan, viewer=actor, template="devplans/my_plan.html",
                      extra=my_plan_context(person=actor))


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Any plan the viewer may see (a manager looking at a report's plan); 404 outside their scope."""
    actor = require_actor(request)
    plan = selectors.plan_get(actor=actor, plan_id=plan_id)
    return _plan_page(request, plan, viewer=actor, template="devplans/plan_detail.html")


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    """A manager (or HR) starts a draft plan for a report: /plans/new/?person=<id>."""
    actor = require_actor(request)
    if actor.status != PersonStatus.ACTIVE:
        raise PermissionDenied("Plans are built by people who work here.")
    person_id = request.POST.get("person") or request.GET.get("person") or actor.pk
    person = access.access_person(actor, person_id)
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.plan_create(
                    actor=actor, person=person, start_date=data["start_date"], target_date=data["target_date"],
                    target_role=data["target_role"], ambition=data["ambition"], summary=data["summary"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, f"Draft plan created for {person.full_name}. Add growth areas and "
                                          "milestones together, then submit it for approval.")
                return redirect("devplans:plan-detail", plan_id=plan.pk)
        if form.errors:
            messages.error(request, "The plan was not created: see the notes below.")
    else:
        today = organisation_today()
        form = PlanForm(initial={"start_date": today, "target_date": today + datetime.timedelta(days=365)})
    return render(request, "devplans/plan_new.html", {"form": form, "person": person, "is_self": person.pk == actor.pk})


# --- actions: parse a form, call one service, say what happened, go back -------------------------


def _my_plan(milestone: Milestone) -> str:
    return reverse("devplans:my-plan")


def _milestone_on_its_plan(milestone: Milestone) -> str:
    return reverse("devplans:plan-detail", kwargs={"plan_id": milestone.plan_id}) + f"#milestone-{milestone.pk}"


def _milestone_action(
    request: HttpRequest, milestone_id: int, *, default_next: Callable[[Milestone], str], success: str,
    run: Callable[[Person, Milestone, dict], object], form_class: type[forms.Form] | None = None,
) -> HttpResponse:
    actor = require_actor(request)
    milestone = selectors.milestone_get(actor=actor, milestone_id=milestone_id)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, f"“{milestone.title}”: {form_error_text(form)}")
    else:
        try:
            run(actor, milestone, form.cleaned_data if form else {})
        except REFUSALS as error:
            messages.error(request, f"“{milestone.title}”: {error_text(error)}")
        else:
            messages.success(request, success.format(title=milestone.title, person=milestone.plan.person.full_name))
    return HttpResponseRedirect(_next_url(request, default_next(milestone)))


@login_required
@require_POST
def milestone_start(request: HttpRequest, milestone_id: int) -> HttpResponse:
    return _milestone_action(
        request, milestone_id, default_next=_my_plan,
        run=lambda actor, m, data: services.milestone_start(actor=actor, milestone=m),
        success="Started “{title}”.",
    )


@login_required
@require_POST
def milestone_submit(request: HttpRequest, milestone_id: int) -> HttpResponse:
    return _milestone_action(
        request, milestone_id, default_next=_my_plan, form_class=MilestoneSubmitForm,
        run=lambda actor, m, data: services.milestone_submit(actor=actor, milestone=m, evidence=data["evidence"]),
        success="Submitted “{title}” to your manager for a decision.",
    )


@login_required
@require_POST
def milestone_approve(request: HttpRequest, milestone_id: int) -> HttpResponse:
    return _milestone_action(
        request, milestone_id, default_next=_milestone_on_its_plan, form_class=MilestoneDecisionForm,
        run=lambda actor, m, data: services.milestone_approve(actor=actor, milestone=m, comment=data["comment"]),
        success="Approved “{title}” for {person}.",
    )


@login_required
@require_POST
def milestone_request_changes(request: HttpRequest, milestone_id: int) -> HttpResponse:
    return _milestone_action(
        request, milestone_id, default_next=_milestone_on_its_plan, form_class=MilestoneDecisionForm,
        run=lambda actor, m, data: services.milestone_request_changes(
            actor=actor, milestone=m, comment=data["comment"]),
        success="Sent “{title}” back to {person} with your comment.",
    )


@login_required
@require_POST
def milestone_cancel(request: HttpRequest, milestone_id: int) -> HttpResponse:
    return _milestone_action(
        request, milestone_id, default_next=_my_plan,
        run=lambda actor, m, data: services.milestone_cancel(actor=actor, milestone=m),
        success="Cancelled “{title}”: it no longer counts toward the plan's progress.",
    )


def _plan_action(
    request: HttpRequest, plan: DevelopmentPlan, *, actor: Person, success: str,
    run: Callable[[DevelopmentPlan, dict], object], form_class: type[forms.Form] | None = None,
) -> HttpResponse:
    """Run the service on a plan already found in the actor's scope, say what happened, go back."""
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, f"Not saved: {form_error_text(form)}")
    else:
        try:
            result = run(plan, form.cleaned_data if form else {})
        except ValidationError as error:
            messages.error(request, f"Not saved: {refusal_text(error, form)}")
        except REFUSALS as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, success.format(person=plan.person.full_name, result=result))
    return HttpResponseRedirect(_next_url(request, reverse("devplans:plan-detail", kwargs={"plan_id": plan.pk})))


def _plan_in_scope(request: HttpRequest, plan_id: int) -> tuple[Person, DevelopmentPlan]:
    actor = require_actor(request)
    return actor, selectors.plan_access(actor=actor, plan_id=plan_id)


@login_required
@require_POST
def plan_submit(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor, plan = _plan_in_scope(request, plan_id)
    return _plan_action(
        request, plan, actor=actor, run=lambda plan, data: services.plan_submit(actor=actor, plan=plan),
        success="Plan submitted to your manager for approval.",
    )


@login_required
@require_POST
def plan_approve(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor, plan = _plan_in_scope(request, plan_id)
    return _plan_action(
        request, plan, actor=actor, run=lambda plan, data: services.plan_approve(actor=actor, plan=plan),
        success="Approved {person}'s plan: it is active now.",
    )


@login_required
@require_POST
def plan_milestone_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor, plan = _plan_in_scope(request, plan_id)
    return _plan_action(
        request, plan, actor=actor, form_class=MilestoneAddForm,
        run=lambda plan, data: services.milestone_create(
            actor=actor, plan=plan, title=data["title"], due_date=data["due_date"],
            kind=data["kind"], growth_area=data["growth_area"], description=data["description"],
        ),
        success="Added the milestone “{result.title}”.",
    )


@login_required
@require_POST
def plan_growth_area_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor, plan = _plan_in_scope(request, plan_id)
    return _plan_action(
        request, plan, actor=actor, form_class=GrowthAreaForm,
        run=lambda plan, data: services.growth_area_add(
            actor=actor, plan=plan, skill=data["skill"], is_focus=data["is_focus"]),
        success="Added {result.skill.name} as a growth area.",
    )


@login_required
@require_POST
def plan_growth_area_remove(request: HttpRequest, plan_id: int, growth_area_id: int) -> HttpResponse:
    actor, plan = _plan_in_scope(request, plan_id)
    area = selectors.growth_area_get(actor=actor, plan=plan, growth_area_id=growth_area_id)
    return _plan_action(
        request, plan, actor=actor, run=lambda plan, data: services.growth_area_remove(actor=actor, growth_area=area),
        success=f"Removed {area.skill.name} from the growth areas.",
    )


@login_required
@require_POST
def plan_readiness(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor, plan = _plan_in_scope(request, plan_id)
    return _plan_action(
        request, plan, actor=actor, form_class=ReadinessForm,
        run=lambda plan, data: services.plan_readiness_update(
            actor=actor, plan=plan, readiness=data["readiness"], feedback=data["feedback"]),
        success="Saved your readiness feedback for {person}.",
    )


@login_required
@require_POST
def plan_champion_action_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor, plan = _plan_in_scope(request, plan_id)
    return _plan_action(
        request, plan, actor=actor, form_class=ChampionActionForm,
        run=lambda plan, data: services.champion_action_log(
            actor=actor, plan=plan, kind=data["kind"], description=data["description"],
            occurred_on=data["occurred_on"]),
        success="Logged your career-champion action for {person}.",
    )
