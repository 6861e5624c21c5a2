"""Pages of the coaching app: the manager's /team/ page, sessions, mentorships.

Each page parses with a form from coaching.forms, calls one service and shows the service's
refusal; who may do what comes from coaching.permissions, computed here for the templates.
"""
import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coaching import permissions, selectors, services
from coaching.forms import ActionItemForm, ActionItemRefForm, AgendaItemForm, HoldForm, SessionForm, TeamFindForm
from coaching.models import DEFAULT_MINUTES, OPENING_QUESTIONS, CoachingSession, Conversation, SessionKind
from coaching.returns import mentorship_returns
from common.exceptions import TransitionNotAllowed
from common.forms import add_service_errors, cleaned_data_or_refuse, error_text
from common.time import organisation_today
from devplans import selectors as plan_selectors
from people import access
from people.models import Person, PersonStatus

# Teams listed by name at most on one page; beyond that, the picker asks for part of a name
# (HR in a large organisation can open any of hundreds of teams).
TEAMS_LISTED = 30


def _team_viewer(request: HttpRequest) -> Person:
    actor = access.require_actor(request)
    if not permissions.can_see_team_cadence(actor):
        raise PermissionDenied("The team page is for managers and HR.")
    return actor


def _teams_in_line(actor: Person, *, exclude: Person, find: str = "") -> tuple[list[dict], bool]:
    """Managers whose team `actor` may open, by name (1 query): up to TEAMS_LISTED, and whether there are more."""
    managers = access.scope_people(actor).filter(direct_reports__status=PersonStatus.ACTIVE).exclude(pk=exclude.pk)
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
    actor = _team_viewer(request)
    opens_any_team = permissions.can_open_any_team(actor)
    if "find" in request.GET:
        finder = TeamFindForm(request.GET)
        find = finder.cleaned_data["find"] if finder.is_valid() else ""
        teams, more = _teams_in_line(actor, exclude=actor, find=find)
        return render(request, "coaching/team_picker.html", {"find": find, "teams": teams, "more_teams": more})
    manager = actor
    if request.GET.get("manager"):
        manager = access.access_person(actor, request.GET["manager"])
    today = organisation_today()
    members = selectors.team_members(manager=manager, viewer=actor, today=today)
    rows = [member.cadence for member in members]
    report_ids = [member.person.pk for member in members]
    mentorships, relief_groups = selectors.team_mentorships_with_groups(people_ids=report_ids)
    returns = mentorship_returns(mentorships, today=today, relief_groups=relief_groups)
    # The actor may open this team, so its reports are in their scope: no query for those mentees.
    figures_visible = permissions.mentee_figures_visible(actor, mentorships, people_in_scope=set(report_ids))
    # HR can open any team; a manager the teams in their reporting line (a VP their managers' teams).
    # When nobody on this team manages anyone, a manager's line holds no other team: no query.
    line_has_teams = opens_any_team or manager.pk != actor.pk or any(member.person.manages_anyone for member in members)
    context = {
        "manager": manager,
        "rows": [
            {"cadence": member.cadence, "risk": member.risk, "style_help": selectors.STYLE_HELP[member.cadence.suggested_style]}
            for member in members
        ],
        "time_by_tier": selectors.coaching_time_by_tier(coach=manager),
        "time_days": selectors.TIME_BY_TIER_DAYS,
        "mentorships": [
            {"pairing": m, "return": returns[m.pk], "figures_visible": m.pk in figures_visible} for m in mentorships
        ],
        "signal_labels": selectors.RISK_SIGNAL_LABELS,
        "kinds": SessionKind,
        "flagged_count": sum(1 for row in rows if row.flagged),
        "gap_days": selectors.developmental_gap_days(),
        "opens_any_team": opens_any_team,
        "line_has_teams": line_has_teams,
        "other_managers": [],
        **plan_selectors.team_plans_context(manager=manager, reports=[member.person for member in members]),
    }
    # On the viewer's own page, the other teams by name; on another team's page, only the way to
    # the picker (no query: HR's line is the whole organisation).
    if line_has_teams and manager.pk == actor.pk:
        context["other_managers"], context["more_teams"] = _teams_in_line(actor, exclude=manager)
    return render(request, "coaching/team.html", context)


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    """Log or schedule a session from one of the five conversation templates."""
    actor = access.require_actor(request)
    if not permissions.can_log_sessions(actor):
        raise PermissionDenied("The team page is for managers and HR.")
    coachee = access.access_person(actor, request.GET.get("coachee") or request.POST.get("coachee"))
    if request.method == "POST":
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                session = services.session_create(actor=actor, coachee=coachee, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
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


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = access.require_actor(request)
    session = selectors.session_get(viewer=actor, session_id=pk)
    is_coachee = actor.pk == session.coachee_id
    may_edit = permissions.can_edit_session(actor, session)
    show_private = permissions.can_read_private_notes(actor, session)
    return render(request, "coaching/session_detail.html", {
        "session": session,
        "is_coachee": is_coachee,
        "show_private": show_private,
        "coach_side": may_edit,
        "can_add_agenda": permissions.can_add_agenda_item(actor, session) and session.agenda_open,
        "can_add_action_item": permissions.can_add_action_item(actor, session),
        "can_make_milestone": permissions.can_make_milestone(actor, session),
        "can_record_outcome": may_edit and session.agenda_open,
        "agenda_share": selectors.coachee_agenda_share(session),
        "agenda_form": AgendaItemForm(),
        "hold_form": HoldForm(initial={"shared_notes": session.shared_notes,
                                       "private_notes": session.private_notes if show_private else ""}),
        "action_form": ActionItemForm(),
    })


# --- the session page's POST forms: one function per action -----------------------------------------
# Each parses its own form and calls its own service; it answers the message to show, or raises the
# service's refusal (shown as an error message) or a ValidationError for a form that did not parse
# (common.forms.cleaned_data_or_refuse).


def session_agenda_add(request: HttpRequest, actor: Person, session: CoachingSession) -> str:
    services.agenda_item_add(actor=actor, session=session, **cleaned_data_or_refuse(AgendaItemForm(request.POST)))
    return "Added to the agenda."


def session_hold(request: HttpRequest, actor: Person, session: CoachingSession) -> str:
    form = HoldForm(request.POST)
    cleaned_data_or_refuse(form)  # notes() reads the cleaned notes that were posted
    services.session_hold(actor=actor, session=session, **form.notes())
    return "Marked as held."


def session_cancel(request: HttpRequest, actor: Person, session: CoachingSession) -> str:
    services.session_cancel(actor=actor, session=session)
    return "Session cancelled."


def session_miss(request: HttpRequest, actor: Person, session: CoachingSession) -> str:
    services.session_miss(actor=actor, session=session)
    return "Recorded as missed."


def session_action_item_add(request: HttpRequest, actor: Person, session: CoachingSession) -> str:
    services.action_item_add(actor=actor, session=session, **cleaned_data_or_refuse(ActionItemForm(request.POST)))
    return "Action item added."


def session_action_item_to_milestone(request: HttpRequest, actor: Person, session: CoachingSession) -> str:
    ref = ActionItemRefForm(request.POST)
    if not ref.is_valid():  # no id, or one that cannot name a row: nothing to find
        raise Http404("No such action item.")
    item = selectors.action_item_get(viewer=actor, action_item_id=ref.cleaned_data["action_item"])
    if item.session_id != session.pk:
        raise Http404("No such action item.")
    milestone = services.action_item_to_milestone(actor=actor, action_item=item)
    return f"Added “{milestone.title}” to {session.coachee.full_name}'s plan."


SessionAction = Callable[[HttpRequest, Person, CoachingSession], str]

SESSION_ACTIONS: dict[str, SessionAction] = {
    "agenda": session_agenda_add,
    "hold": session_hold,
    "cancel": session_cancel,
    "miss": session_miss,
    "action-item": session_action_item_add,
    "to-milestone": session_action_item_to_milestone,
}


@login_required
@require_POST
def session_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The POST route of the session page (`coaching:session-act`): the action names the view."""
    run = SESSION_ACTIONS.get(action)
    if run is None:
        raise Http404("No such action.")
    actor = access.require_actor(request)
    session = selectors.session_get(viewer=actor, session_id=pk)
    try:
        done = run(request, actor, session)
    except (ValidationError, TransitionNotAllowed) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return redirect("coaching:session-detail", pk=session.pk)


@login_required
def mentorships(request: HttpRequest) -> HttpResponse:
    """The caller's own mentorships, as mentor or as mentee."""
    actor = access.require_actor(request)
    pairings = list(selectors.mentorship_list(viewer=actor).filter(Q(mentor=actor) | Q(mentee=actor)))
    returns = mentorship_returns(pairings)
    figures_visible = permissions.mentee_figures_visible(actor, pairings)
    return render(request, "coaching/mentorships.html", {
        "pairings": [
            {"pairing": m, "return": returns[m.pk], "as_mentor": m.mentor_id == actor.pk,
             "figures_visible": m.pk in figures_visible}
            for m in pairings
        ],
    })
