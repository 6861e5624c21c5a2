"""Pages of the coaching app: the manager's /team/ page, sessions, mentorships."""
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coaching import selectors, services
from coaching.models import DEFAULT_MINUTES, OPENING_QUESTIONS, Conversation, SessionKind, SessionStatus
from coaching.returns import mentorship_returns
from people import access
from common.exceptions import TransitionNotAllowed
from people.models import Person, Role


def _manager_or_hr(request) -> Person:
    actor = access.require_actor(request)
    if access.role_of(actor) not in (Role.MANAGER, Role.HR):
        raise PermissionDenied("The team page is for managers and HR.")
    return actor


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return getattr(error, "message", None) or str(error)


# Teams listed by name at most on one page; beyond that, the picker asks for part of a name
# (HR in a large organisation can open any of hundreds of teams).
TEAMS_LISTED = 30


def _teams_in_line(actor: Person, *, exclude: Person, find: str = "") -> tuple[list[dict], bool]:
    """Managers whose team `actor` may open, by name (1 query): up to TEAMS_LISTED, and whether there are more."""
    managers = access.scope_people(actor).filter(direct_reports__status="active").exclude(pk=exclude.pk)
    if find:
        managers = managers.filter(full_name__icontains=find)
    found = list(managers.distinct().order_by("full_name").values("pk", "full_name")[:TEAMS_LISTED + 1])
    return found[:TEAMS_LISTED], len(found) > TEAMS_LISTED


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """The manager's page: approvals, report plans, cadence with flags, time by tier, risk, mentorships.

    `?manager=ID` opens another team in the viewer's line (any team for HR); `?find=NAME` is the
    team picker: the teams whose manager's name holds NAME.
    """
    actor = _manager_or_hr(request)
    if "find" in request.GET:
        find = request.GET["find"].strip()[:100]
        teams, more = _teams_in_line(actor, exclude=actor, find=find)
        return render(request, "coaching/team_picker.html", {"find": find, "teams": teams, "more_teams": more})
    manager = actor
    if request.GET.get("manager"):
        manager = access.access_person(actor, request.GET["manager"])
    today = selectors.organisation_today()
    members = selectors.team_members(manager=manager, viewer=actor, today=today)
    rows = [member.cadence for member in members]
    report_ids = [member.person.pk for member in members]
    mentorships, relief_groups = selectors.team_mentorships_with_groups(people_ids=report_ids)
    returns = mentorship_returns(mentorships, today=today, relief_groups=relief_groups)
    context = {
        "manager": manager,
        "rows": [
            {"cadence": member.cadence, "risk": member.risk, "style_help": selectors.STYLE_HELP[member.cadence.suggested_style]}
            for member in members
        ],
        "time_by_tier": selectors.coaching_time_by_tier(coach=manager),
        "time_days": selectors.TIME_BY_TIER_DAYS,
        "mentorships": [{"pairing": m, "return": returns[m.pk]} for m in mentorships],
        "signal_labels": selectors.RISK_SIGNAL_LABELS,
        "kinds": SessionKind,
        "flagged_count": sum(1 for row in rows if row.flagged),
        "has_devplans_sections": False,
        "other_managers": [],
    }
    # HR can open any team; a manager the teams in their reporting line (a VP their managers' teams).
    # When nobody on this team manages anyone, a manager's line holds no other team: no query.
    line_has_teams = access.is_hr(actor) or manager.pk != actor.pk or any(
        member.person.manages_anyone for member in members
    )
    context["line_has_teams"] = line_has_teams
    # On the viewer's own page, the other teams by name; on another team's page, only the way to
    # the picker (no query: HR's line is the whole organisation).
    if line_has_teams and manager.pk == actor.pk:
        context["other_managers"], context["more_teams"] = _teams_in_line(actor, exclude=manager)
    try:
        from devplans import selectors as plan_selectors
    except ImportError:  # pragma: no cover
        plan_selectors = None
    if plan_selectors is not None and hasattr(plan_selectors, "team_plans_context"):
        context.update(plan_selectors.team_plans_context(manager=manager, reports=[member.person for member in members]))
        context["has_devplans_sections"] = True
    return render(request, "coaching/team.html", context)


class SessionForm(forms.Form):
    kind = forms.ChoiceField(choices=SessionKind.choices)
    conversation = forms.ChoiceField(choices=[("", "None (pipeline or general)")] + list(Conversation.choices), required=False)
    scheduled_at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    duration_minutes = forms.IntegerField(min_value=5, max_value=600, required=False,
                                          widget=forms.NumberInput(attrs={"placeholder": "30 / 60 / 90 by kind"}),
                                          help_text="Leave empty for the default: 30, 60 or 90 minutes by kind.")
    shared_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                   help_text="The coachee sees these.")
    private_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                    help_text="Only you and those above you see these; never the coachee.")


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    """Log or schedule a session from one of the five conversation templates."""
    actor = _manager_or_hr(request)
    coachee = access.access_person(actor, request.GET.get("coachee") or request.POST.get("coachee"))
    if request.method == "POST":
        form = SessionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.session_create(
                    actor=actor, coachee=coachee, kind=data["kind"], conversation=data["conversation"],
                    scheduled_at=data["scheduled_at"], duration_minutes=data["duration_minutes"],
                    shared_notes=data["shared_notes"], private_notes=data["private_notes"],
                )
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, f"Session with {coachee.full_name} saved.")
                return redirect("coaching:session-detail", pk=session.pk)
    else:
        start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
        kind = request.GET.get("kind") if request.GET.get("kind") in SessionKind.values else SessionKind.WEEKLY_1ON1
        form = SessionForm(initial={"kind": kind, "scheduled_at": start, "conversation": request.GET.get("conversation", "")})
    return render(request, "coaching/session_new.html", {
        "form": form,
        "coachee": coachee,
        "conversations": [(value, label, OPENING_QUESTIONS[value]) for value, label in Conversation.choices],
        "default_minutes": [(SessionKind(kind).label, minutes) for kind, minutes in DEFAULT_MINUTES.items()],
    })


class AgendaForm(forms.Form):
    text = forms.CharField(max_length=500, label="Add to the agenda")


class HoldForm(forms.Form):
    shared_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    private_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ActionItemForm(forms.Form):
    text = forms.CharField(max_length=500, label="Action item")
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = access.require_actor(request)
    session = selectors.session_get(viewer=actor, session_id=pk)
    is_coachee = actor.pk == session.coachee_id
    return render(request, "coaching/session_detail.html", {
        "session": session,
        "is_coachee": is_coachee,
        "show_private": selectors.may_read_private_notes(actor, session),
        "coach_side": not is_coachee,
        "can_add_agenda": actor.pk in (session.coach_id, session.coachee_id) and session.status == SessionStatus.SCHEDULED,
        "agenda_share": selectors.coachee_agenda_share(session),
        "agenda_form": AgendaForm(),
        "hold_form": HoldForm(initial={"shared_notes": session.shared_notes,
                                       "private_notes": session.private_notes if not is_coachee else ""}),
        "action_form": ActionItemForm(),
        "scheduled": session.status == SessionStatus.SCHEDULED,
    })


@login_required
@require_POST
def session_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The POST forms of the session page: agenda, hold, cancel, miss, action items, to-milestone."""
    actor = access.require_actor(request)
    session = selectors.session_get(viewer=actor, session_id=pk)
    try:
        if action == "agenda":
            form = AgendaForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"text": "Write the agenda item (at most 500 characters)."})
            services.agenda_item_add(actor=actor, session=session, text=form.cleaned_data["text"])
            messages.success(request, "Added to the agenda.")
        elif action == "hold":
            form = HoldForm(request.POST)
            form.is_valid()
            notes = {"shared_notes": form.cleaned_data.get("shared_notes", "")}
            if request.POST.get("private_notes") is not None:
                notes["private_notes"] = form.cleaned_data.get("private_notes", "")
            services.session_hold(actor=actor, session=session, **notes)
            messages.success(request, "Marked as held.")
        elif action == "cancel":
            services.session_cancel(actor=actor, session=session)
            messages.success(request, "Session cancelled.")
        elif action == "miss":
            services.session_miss(actor=actor, session=session)
            messages.success(request, "Recorded as missed.")
        elif action == "action-item":
            form = ActionItemForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"text": "Write the action item (and a valid date if any)."})
            services.action_item_add(actor=actor, session=session, text=form.cleaned_data["text"],
                                     due_date=form.cleaned_data["due_date"])
            messages.success(request, "Action item added.")
        elif action == "to-milestone":
            item = selectors.action_item_get(viewer=actor, action_item_id=request.POST.get("action_item"))
            milestone = services.action_item_to_milestone(actor=actor, action_item=item)
            messages.success(request, f"Added “{milestone.title}” to {session.coachee.full_name}'s plan.")
        else:
            raise PermissionDenied("Unknown action.")
    except (ValidationError, TransitionNotAllowed) as error:
        messages.error(request, _error_text(error))
    return redirect(reverse("coaching:session-detail", args=[session.pk]))


@login_required
def mentorships(request: HttpRequest) -> HttpResponse:
    """The caller's own mentorships, as mentor or as mentee."""
    actor = access.require_actor(request)
    from django.db.models import Q

    pairings = list(selectors.mentorship_list(viewer=actor).filter(Q(mentor=actor) | Q(mentee=actor)))
    returns = mentorship_returns(pairings)
    return render(request, "coaching/mentorships.html", {
        "pairings": [{"pairing": m, "return": returns[m.pk], "as_mentor": m.mentor_id == actor.pk} for m in pairings],
    })
