"""Pages of the devplans app: the rep's plan timeline, a plan page for managers, and the POST
forms behind them and behind the /team/ approvals queue. They call the same services as the API."""
from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from devplans import selectors, services
from devplans.models import (
    OPEN_PLAN_STATUSES,
    Ambition,
    ChampionActionKind,
    DevelopmentPlan,
    MilestoneKind,
    PlanStatus,
    Readiness,
)
from people import access
from people.access import require_actor
from common.exceptions import TransitionNotAllowed
from people.models import JobRole, PersonStatus, Skill
from common.time import organisation_today


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, TransitionNotAllowed):
        return error.message
    return str(error) or "You are not allowed to do that."


def _posted_text(request: HttpRequest, name: str, limit: int) -> str:
    """A form field as text, without NUL characters (PostgreSQL refuses them) and capped in length."""
    return request.POST.get(name, "")[:limit]


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _timeline(plan: DevelopmentPlan) -> dict:
    """Where each milestone and today sit along the plan, in per cent of its span."""
    today = organisation_today()
    span = max((plan.target_date - plan.start_date).days, 1)

    def position(day) -> float:
        return round(min(max((day - plan.start_date).days / span * 100, 0), 100), 1)

    milestones = list(plan.milestones.all())
    items = [
        {"milestone": m, "position": position(m.due_date), "overdue": selectors.milestone_is_overdue(m, today)}
        for m in milestones
    ]
    return {
        "items": items,
        "today": today,
        "today_position": position(today),
        "today_inside": plan.start_date <= today <= plan.target_date,
        "overdue_count": sum(1 for item in items if item["overdue"]),
    }


def _plan_page(
    request: HttpRequest, plan: DevelopmentPlan | None, *, viewer, template: str, extra: dict | None = None
) -> HttpResponse:
    context = {"plan": plan, "viewer": viewer, **(extra or {})}
    if plan is not None:
        growth_areas = list(plan.growth_areas.all())
        context.update(
            timeline=_timeline(plan),
            progress=selectors.progress_of(plan),
            is_owner=plan.person_id == viewer.pk,
            is_decider=plan.person.manager_id == viewer.pk and plan.person_id != viewer.pk,
            growth_areas=growth_areas,
            champion_actions=list(plan.champion_actions.all()),
            **_plan_rights(plan, viewer, growth_areas),
        )
    return render(request, template, context)


def _plan_rights(plan: DevelopmentPlan, viewer, growth_areas: list) -> dict:
    """Which building forms the page offers `viewer`: what the services would allow (they still decide)."""
    is_owner = plan.person_id == viewer.pk
    manages = not is_owner and access.can_manage(viewer, plan.person)
    can_build = (is_owner or manages) and plan.status in OPEN_PLAN_STATUSES
    rights = {
        "can_build": can_build,
        "can_submit_plan": is_owner and plan.status == PlanStatus.DRAFT,
        "can_approve_plan": (
            not is_owner and plan.status == PlanStatus.PENDING_APPROVAL and viewer.status == PersonStatus.ACTIVE
            and (access.is_direct_manager(viewer, plan.person) or access.is_hr(viewer))
        ),
        "can_champion": manages and plan.status != PlanStatus.ARCHIVED,
    }
    if can_build:
        taken = [area.skill_id for area in growth_areas]
        skills = plan.target_role.skills.all() if plan.target_role_id else Skill.objects.all()
        rights.update(
            available_skills=list(skills.exclude(pk__in=taken).order_by("name")),
            milestone_form=MilestoneForm(plan=plan, growth_areas=growth_areas, auto_id="milestone-%s"),
        )
    if rights["can_champion"]:
        rights.update(
            readiness_form=ReadinessForm(initial={"readiness": plan.readiness}, auto_id="readiness-%s"),
            champion_form=ChampionActionForm(initial={"occurred_on": organisation_today()}, auto_id="champion-%s"),
        )
    return rights


@login_required
def my_plan(request: HttpRequest) -> HttpResponse:
    """The signed-in person's active (or latest) plan as a timeline; they start and submit milestones here."""
    actor = require_actor(request)
    plan = selectors.plan_for_page(person=actor)
    response = _plan_page(request, plan, viewer=actor, template="devplans/my_plan.html",
                          extra={"upcoming_sessions": _upcoming_sessions(actor)})
    return response


def _upcoming_sessions(actor) -> list:
    """The rep's next 1:1s (coaching is optional: the plan page works without it)."""
    try:
        from coaching.selectors import upcoming_sessions_for
    except ImportError:  # pragma: no cover
        return []
    return upcoming_sessions_for(actor)


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Any plan the viewer may see (a manager looking at a report's plan); 404 outside their scope."""
    actor = require_actor(request)
    plan = selectors.plan_get(actor=actor, plan_id=plan_id)
    return _plan_page(request, plan, viewer=actor, template="devplans/plan_detail.html")


class PlanForm(forms.Form):
    """A draft plan a manager builds with a report; the service decides who may and what is valid."""

    ambition = forms.ChoiceField(choices=Ambition.choices, initial=Ambition.NEXT_ROLE, label="Ambition",
                                 help_text="What they want from the plan: a next role or one of the growth opportunities.")
    target_role = forms.ModelChoiceField(queryset=JobRole.objects.order_by("track", "level", "title"), required=False,
                                         label="Target role", empty_label="No target role",
                                         help_text="For a next-role plan: the role they are growing toward.")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000,
                              label="Summary", help_text="In their words: where they want to be and why.")
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), label="Start date")
    target_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), label="Target date")


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
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            except PermissionDenied as error:
                form.add_error(None, _error_text(error))
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


def _milestone_action(request: HttpRequest, milestone_id: int, *, default_next: str, run, success: str):
    actor = require_actor(request)
    milestone = selectors.milestone_get(actor=actor, milestone_id=milestone_id)
    try:
        run(actor, milestone)
    except (TransitionNotAllowed, ValidationError, PermissionDenied) as error:
        messages.error(request, f"“{milestone.title}”: {_error_text(error)}")
    else:
        messages.success(request, success.format(title=milestone.title, person=milestone.plan.person.full_name))
    return HttpResponseRedirect(_next_url(request, default_next))


@login_required
@require_POST
def milestone_start(request: HttpRequest, milestone_id: int) -> HttpResponse:
    return _milestone_action(
        request, milestone_id, default_next=reverse("devplans:my-plan"),
        run=lambda actor, m: services.milestone_start(actor=actor, milestone=m),
        success="Started “{title}”.",
    )


@login_required
@require_POST
def milestone_submit(request: HttpRequest, milestone_id: int) -> HttpResponse:
    evidence = _posted_text(request, "evidence", 10000)
    return _milestone_action(
        request, milestone_id, default_next=reverse("devplans:my-plan"),
        run=lambda actor, m: services.milestone_submit(actor=actor, milestone=m, evidence=evidence),
        success="Submitted “{title}” to your manager for a decision.",
    )


@login_required
@require_POST
def milestone_approve(request: HttpRequest, milestone_id: int) -> HttpResponse:
    comment = _posted_text(request, "comment", 5000)
    return _milestone_action(
        request, milestone_id, default_next="/team/",
        run=lambda actor, m: services.milestone_approve(actor=actor, milestone=m, comment=comment),
        success="Approved “{title}” for {person}.",
    )


@login_required
@require_POST
def milestone_request_changes(request: HttpRequest, milestone_id: int) -> HttpResponse:
    comment = _posted_text(request, "comment", 5000)
    return _milestone_action(
        request, milestone_id, default_next="/team/",
        run=lambda actor, m: services.milestone_request_changes(actor=actor, milestone=m, comment=comment),
        success="Sent “{title}” back to {person} with your comment.",
    )


@login_required
@require_POST
def milestone_cancel(request: HttpRequest, milestone_id: int) -> HttpResponse:
    return _milestone_action(
        request, milestone_id, default_next=reverse("devplans:my-plan"),
        run=lambda actor, m: services.milestone_cancel(actor=actor, milestone=m),
        success="Cancelled “{title}”: it no longer counts toward the plan's progress.",
    )


# --- building and approving a plan from its page ------------------------------------------------

_DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=200, label="Title")
    due_date = forms.DateField(widget=_DATE_INPUT, label="Due date")
    kind = forms.ChoiceField(choices=MilestoneKind.choices, initial=MilestoneKind.OTHER, label="Kind")
    growth_area = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Growth area")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000,
                                  label="Description")

    def __init__(self, *args, plan: DevelopmentPlan, growth_areas: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        areas = growth_areas if growth_areas is not None else plan.growth_areas.select_related("skill")
        self.fields["growth_area"].choices = [("", "No growth area")] + [(a.pk, a.skill.name) for a in areas]
        self.fields["due_date"].widget.attrs.update(min=plan.start_date.isoformat(), max=plan.target_date.isoformat())


class GrowthAreaForm(forms.Form):
    skill = forms.ModelChoiceField(queryset=Skill.objects.all(), label="Skill",
                                   error_messages={"invalid_choice": "Choose one of the listed skills."})
    is_focus = forms.BooleanField(required=False, label="Mastery-level focus")


class ReadinessForm(forms.Form):
    readiness = forms.ChoiceField(choices=Readiness.choices, label="Readiness")
    feedback = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, label="Feedback")


class ChampionActionForm(forms.Form):
    kind = forms.ChoiceField(choices=ChampionActionKind.choices, label="Kind")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, label="What you did")
    occurred_on = forms.DateField(widget=_DATE_INPUT, required=False, label="When")


class _Refused(Exception):
    """A form that did not validate; its text is shown as an error message."""


def _field_label(form: forms.Form | None, name: str) -> str:
    if form is not None and name in form.fields and form.fields[name].label:
        return str(form.fields[name].label)
    return name.replace("_", " ").capitalize()


def _readable_errors(errors: dict, form: forms.Form | None = None) -> str:
    """Field errors as one sentence a person can read: "Due date: Enter a valid date." """
    parts = []
    for name, messages_ in errors.items():
        text = " ".join(str(message) for message in messages_)
        parts.append(text if name in ("__all__", None) else f"{_field_label(form, name)}: {text}")
    return " ".join(parts)


def _valid(form: forms.Form) -> dict:
    if not form.is_valid():
        raise _Refused(_readable_errors(form.errors, form))
    return form.cleaned_data


def _plan_action(request: HttpRequest, plan_id: int, *, run, success: str, form_class=None) -> HttpResponse:
    """Find the plan in the actor's scope (404 otherwise), run the service, say what happened, go back."""
    actor = require_actor(request)
    plan = selectors.plan_access(actor=actor, plan_id=plan_id)
    form = form_class(request.POST) if form_class else None
    try:
        result = run(actor, plan, _valid(form) if form else None)
    except _Refused as refused:
        messages.error(request, f"Not saved: {refused}")
    except ValidationError as error:
        text = _readable_errors(error.message_dict, form) if hasattr(error, "error_dict") else _error_text(error)
        messages.error(request, f"Not saved: {text}")
    except (TransitionNotAllowed, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success.format(person=plan.person.full_name, result=result))
    return HttpResponseRedirect(_next_url(request, reverse("devplans:plan-detail", kwargs={"plan_id": plan.pk})))


@login_required
@require_POST
def plan_submit(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_action(
        request, plan_id, run=lambda actor, plan, data: services.plan_submit(actor=actor, plan=plan),
        success="Plan submitted to your manager for approval.",
    )


@login_required
@require_POST
def plan_approve(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_action(
        request, plan_id, run=lambda actor, plan, data: services.plan_approve(actor=actor, plan=plan),
        success="Approved {person}'s plan: it is active now.",
    )


class _MilestoneAddForm(forms.Form):
    """The milestone form as posted: the growth area is any id; the service checks it is this plan's."""

    title = MilestoneForm.base_fields["title"]
    due_date = MilestoneForm.base_fields["due_date"]
    kind = MilestoneForm.base_fields["kind"]
    growth_area = forms.IntegerField(required=False, label="Growth area")
    description = MilestoneForm.base_fields["description"]


@login_required
@require_POST
def plan_milestone_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_action(
        request, plan_id, form_class=_MilestoneAddForm,
        run=lambda actor, plan, data: services.milestone_create(
            actor=actor, plan=plan, title=data["title"], due_date=data["due_date"],
            kind=data["kind"], growth_area=data["growth_area"], description=data["description"],
        ),
        success="Added the milestone “{result.title}”.",
    )


@login_required
@require_POST
def plan_growth_area_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_action(
        request, plan_id, form_class=GrowthAreaForm,
        run=lambda actor, plan, data: services.growth_area_add(
            actor=actor, plan=plan, skill=data["skill"], is_focus=data["is_focus"]),
        success="Added {result.skill.name} as a growth area.",
    )


@login_required
@require_POST
def plan_growth_area_remove(request: HttpRequest, plan_id: int, growth_area_id: int) -> HttpResponse:
    actor = require_actor(request)
    plan = selectors.plan_access(actor=actor, plan_id=plan_id)
    area = selectors.growth_area_get(actor=actor, plan=plan, growth_area_id=growth_area_id)
    return _plan_action(
        request, plan.pk, run=lambda actor, plan, data: services.growth_area_remove(actor=actor, growth_area=area),
        success=f"Removed {area.skill.name} from the growth areas.",
    )


@login_required
@require_POST
def plan_readiness(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_action(
        request, plan_id, form_class=ReadinessForm,
        run=lambda actor, plan, data: services.plan_readiness_update(
            actor=actor, plan=plan, readiness=data["readiness"], feedback=data["feedback"]),
        success="Saved your readiness feedback for {person}.",
    )


@login_required
@require_POST
def plan_champion_action_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_action(
        request, plan_id, form_class=ChampionActionForm,
        run=lambda actor, plan, data: services.champion_action_log(
            actor=actor, plan=plan, kind=data["kind"], description=data["description"],
            occurred_on=data["occurred_on"]),
        success="Logged your career-champion action for {person}.",
    )
