"""Writes for the coaching app. One atomic function per business action, keyword-only, with the actor.

Who may do what is coaching.permissions; each service asks it and raises PermissionDenied when
it fails. Naming a person the actor cannot see, or may not coach, is a 400 field error on that
field instead (no foreign key to an invisible person is accepted, and none is confirmed to exist).
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alumni import selectors as alumni_selectors
from coaching import permissions
from coaching.models import (
    DEFAULT_MINUTES,
    ActionItem,
    AgendaItem,
    CadencePolicy,
    CoachingSession,
    Conversation,
    FlightRiskObservation,
    Mentorship,
    MentorshipStatus,
    ObservationKind,
    QuotaRelief,
    SessionKind,
    SessionStatus,
)
from common.audit import save_with_history
from common.exceptions import TransitionNotAllowed
from common.permissions import require
from common.time import organisation_today
from people import access
from people.models import Person, PersonStatus, Tier

DEFAULT_MENTOR_CAPACITY = 6


def mentor_capacity() -> int:
    """How many open pairings (proposed or active) one mentor may hold; setting CATALYST_MENTOR_CAPACITY."""
    return int(getattr(settings, "CATALYST_MENTOR_CAPACITY", DEFAULT_MENTOR_CAPACITY))


def _visible_person(actor: Person, person: Person | int | None, field: str) -> Person:
    """The person if the actor may see them; a 400 on `field` otherwise."""
    if person is None:
        raise ValidationError({field: "This field is required."})
    person_id = person if isinstance(person, int) else person.pk
    found = access.scope_people(actor).filter(pk=person_id).first()
    if found is None:
        raise ValidationError({field: "No such person."})
    return found


COACH_SIDE_ONLY = "Only the coachee's manager chain or HR may do this."


def _lock_session(session: CoachingSession) -> CoachingSession:
    return CoachingSession.objects.select_for_update().select_related("coach", "coachee").get(pk=session.pk)


# --- sessions ----------------------------------------------------------------------------------


@transaction.atomic
def session_create(
    *,
    actor: Person,
    coachee: Person | int,
    kind: str,
    scheduled_at: datetime.datetime,
    conversation: str = "",
    duration_minutes: int | None = None,
    shared_notes: str = "",
    private_notes: str = "",
) -> CoachingSession:
    """Schedule a session; the actor is the coach and must be in the coachee's manager chain or HR."""
    coachee = _visible_person(actor, coachee, "coachee")
    if coachee.pk == actor.pk:
        raise ValidationError({"coachee": "You cannot coach yourself."})
    if coachee.status != PersonStatus.ACTIVE:
        raise ValidationError({"coachee": f"{coachee} has left; only active people are coached."})
    if not permissions.can_coach(actor, coachee):
        raise ValidationError({"coachee": "Only their manager chain or HR may coach this person."})
    if kind not in SessionKind.values:
        raise ValidationError({"kind": "Choose weekly_1on1, monthly_deep_dive or quarterly_career."})
    if conversation and conversation not in Conversation.values:
        raise ValidationError({"conversation": "Not one of the five conversations."})
    if duration_minutes is None:
        duration_minutes = DEFAULT_MINUTES[SessionKind(kind)]
    if not 5 <= duration_minutes <= 600:
        raise ValidationError({"duration_minutes": "Between 5 and 600 minutes."})
    session = CoachingSession(
        coach=actor,
        coachee=coachee,
        kind=kind,
        conversation=conversation or "",
        scheduled_at=scheduled_at,
        duration_minutes=duration_minutes,
        shared_notes=shared_notes,
        private_notes=private_notes,
        created_by=actor,
    )
    save_with_history(session, actor=actor, reason="Session scheduled")
    return session


EDITABLE_SESSION_FIELDS = ("kind", "conversation", "scheduled_at", "duration_minutes", "shared_notes", "private_notes")


@transaction.atomic
def session_update(*, actor: Person, session: CoachingSession, **changes) -> CoachingSession:
    """Edit the session's details (coach side only; the status changes through hold/cancel/miss)."""
    session = _lock_session(session)
    require(permissions.can_edit_session(actor, session), COACH_SIDE_ONLY)
    unknown = set(changes) - set(EDITABLE_SESSION_FIELDS)
    if unknown:
        raise ValidationError({field: "This field cannot be changed." for field in unknown})
    if "kind" in changes and changes["kind"] not in SessionKind.values:
        raise ValidationError({"kind": "Not a session kind."})
    if changes.get("conversation") and changes["conversation"] not in Conversation.values:
        raise ValidationError({"conversation": "Not one of the five conversations."})
    if "duration_minutes" in changes and not 5 <= int(changes["duration_minutes"]) <= 600:
        raise ValidationError({"duration_minutes": "Between 5 and 600 minutes."})
    if session.status != SessionStatus.SCHEDULED and set(changes) - {"shared_notes", "private_notes"}:
        raise TransitionNotAllowed(f"The session is {session.get_status_display().lower()}; only its notes can change.")
    for name, value in changes.items():
        setattr(session, name, value if value is not None or name != "conversation" else "")
    if changes:
        save_with_history(session, actor=actor, reason="Session edited", update_fields=[*changes, "updated_at"])
    return session


def _session_transition(actor: Person, session: CoachingSession, status: str, reason: str, **notes) -> CoachingSession:
    session = _lock_session(session)
    require(permissions.can_edit_session(actor, session), COACH_SIDE_ONLY)
    if session.status != SessionStatus.SCHEDULED:
        raise TransitionNotAllowed(f"The session is already {session.get_status_display().lower()}.")
    session.status = status
    fields = ["status", "updated_at"]
    for name, value in notes.items():
        if value is not None:
            setattr(session, name, value)
            fields.append(name)
    save_with_history(session, actor=actor, reason=reason, update_fields=fields)
    return session


@transaction.atomic
def session_hold(
    *, actor: Person, session: CoachingSession, shared_notes: str | None = None, private_notes: str | None = None
) -> CoachingSession:
    """Mark a scheduled session held, with its notes."""
    return _session_transition(
        actor, session, SessionStatus.HELD, "Session held", shared_notes=shared_notes, private_notes=private_notes
    )


@transaction.atomic
def session_cancel(*, actor: Person, session: CoachingSession) -> CoachingSession:
    return _session_transition(actor, session, SessionStatus.CANCELLED, "Session cancelled")


@transaction.atomic
def session_miss(*, actor: Person, session: CoachingSession) -> CoachingSession:
    return _session_transition(actor, session, SessionStatus.MISSED, "Session missed")


@transaction.atomic
def agenda_item_add(*, actor: Person, session: CoachingSession, text: str) -> AgendaItem:
    """The coach or the coachee adds to the agenda of a scheduled session (the rep sets half of it)."""
    session = _lock_session(session)
    require(permissions.can_add_agenda_item(actor, session), "Only the coach and the coachee write the agenda.")
    if not session.agenda_open:
        raise TransitionNotAllowed("The agenda closes once the session has taken place or been called off.")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the agenda item."})
    if len(text) > 500:
        raise ValidationError({"text": "At most 500 characters."})
    item = AgendaItem(session=session, author=actor, text=text)
    save_with_history(item, actor=actor, reason="Agenda item added")
    return item


@transaction.atomic
def action_item_add(
    *,
    actor: Person,
    session: CoachingSession,
    text: str,
    owner: Person | int | None = None,
    due_date: datetime.date | None = None,
) -> ActionItem:
    """The coach (or anyone above the coachee) or the coachee records a follow-up; the owner is one of them."""
    session = _lock_session(session)
    require(permissions.can_add_action_item(actor, session), COACH_SIDE_ONLY)
    owner_id = session.coachee_id if owner is None else (owner if isinstance(owner, int) else owner.pk)
    if owner_id not in (session.coach_id, session.coachee_id):
        raise ValidationError({"owner": "The owner is the coach or the coachee."})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the action item."})
    item = ActionItem(session=session, owner_id=owner_id, text=text[:500], due_date=due_date)
    save_with_history(item, actor=actor, reason="Action item added")
    return item


@transaction.atomic
def action_item_to_milestone(*, actor: Person, action_item: ActionItem):
    """Turn an action item into a milestone on the coachee's current plan, in one step.

    Uses devplans' public API (`devplans.selectors.current_plan_for`, `devplans.services.milestone_create`).
    """
    from devplans import selectors as plan_selectors
    from devplans import services as plan_services

    item = ActionItem.objects.select_for_update().select_related("session__coachee", "session__coach").get(pk=action_item.pk)
    coachee = item.session.coachee
    require(permissions.can_make_milestone(actor, item.session), COACH_SIDE_ONLY)
    if item.milestone_id is not None:
        raise TransitionNotAllowed("This action item is already a milestone.")
    plan = plan_selectors.current_plan_for(coachee)
    if plan is None:
        raise ValidationError({"non_field_errors": [f"{coachee} has no current development plan to add it to."]})
    due = item.due_date or organisation_today() + datetime.timedelta(days=30)
    milestone = plan_services.milestone_create(
        actor=actor,
        plan=plan,
        title=item.text[:200],
        due_date=due,
        description=f"From the coaching session of {timezone.localtime(item.session.scheduled_at):%d %b %Y}.",
    )
    item.milestone = milestone
    save_with_history(item, actor=actor, reason="Action item became a milestone", update_fields=["milestone"])
    return milestone


# --- flight-risk observations ------------------------------------------------------------------


@transaction.atomic
def observation_create(
    *, actor: Person, person: Person | int, kind: str, note: str = "", observed_on: datetime.date | None = None
) -> FlightRiskObservation:
    """A manager (chain) or HR records a warning sign they saw."""
    person = _visible_person(actor, person, "person")
    if not permissions.can_record_observation(actor, person):
        raise ValidationError({"person": "Only their manager chain or HR records observations about this person."})
    if kind not in ObservationKind.values:
        raise ValidationError({"kind": "Not a known warning sign."})
    observed_on = observed_on or organisation_today()
    if observed_on > organisation_today():
        raise ValidationError({"observed_on": "Cannot be in the future."})
    observation = FlightRiskObservation(person=person, observed_by=actor, kind=kind, note=note, observed_on=observed_on)
    save_with_history(observation, actor=actor, reason="Flight-risk observation")
    return observation


# --- mentorships -------------------------------------------------------------------------------


def _check_capacity(mentor: Person, *, excluding: int | None = None) -> None:
    open_pairings = Mentorship.objects.filter(
        mentor=mentor, status__in=[MentorshipStatus.PROPOSED, MentorshipStatus.ACTIVE]
    ).exclude(pk=excluding)
    if open_pairings.count() >= mentor_capacity():
        raise ValidationError({"mentor": f"{mentor} already mentors {mentor_capacity()} people, the most one mentor may take."})


def _mentor_allowed(actor: Person, mentor_id: int) -> Person:
    """The mentor: someone the actor can see, or an alumnus open to mentoring in the directory."""
    mentor = access.scope_people(actor).filter(pk=mentor_id).first()
    if mentor is None:
        mentor = Person.objects.filter(
            pk=mentor_id, alumni_profile__in=alumni_selectors.alumni_directory(open_to="mentoring")
        ).first()
    if mentor is None:
        raise ValidationError({"mentor": "No such person."})
    return mentor


def _relief_group_of(mentor: Person, relief_group: QuotaRelief | int | None) -> QuotaRelief | None:
    if relief_group is None:
        return None
    group_id = relief_group if isinstance(relief_group, int) else relief_group.pk
    group = QuotaRelief.objects.filter(pk=group_id, mentor=mentor).first()
    if group is None:
        raise ValidationError({"relief_group": "No such quota relief for this mentor."})
    return group


@transaction.atomic
def mentorship_create(
    *,
    actor: Person,
    mentor: Person | int,
    mentee: Person | int,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    goals: str = "",
    quota_relief: Decimal = Decimal("0"),
    relief_group: QuotaRelief | int | None = None,
) -> Mentorship:
    """Propose a pairing. The mentee's manager chain or HR arranges it; alumni may mentor."""
    mentee = _visible_person(actor, mentee, "mentee")
    mentor = _mentor_allowed(actor, mentor if isinstance(mentor, int) else mentor.pk)
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentee": "Nobody mentors themself."})
    if mentee.status != PersonStatus.ACTIVE:
        raise ValidationError({"mentee": f"{mentee} has left."})
    if not permissions.can_propose_mentorship(actor, mentee):
        raise ValidationError({"mentee": "Only the mentee's manager chain or HR arranges a mentorship."})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": "Ends before it starts."})
    if quota_relief is None or Decimal(quota_relief) < 0:
        raise ValidationError({"quota_relief": "Cannot be negative."})
    Person.objects.select_for_update().filter(pk=mentor.pk).first()  # serialises capacity checks per mentor
    if Mentorship.objects.filter(
        mentor=mentor, mentee=mentee, status__in=[MentorshipStatus.PROPOSED, MentorshipStatus.ACTIVE]
    ).exists():
        raise ValidationError({"mentee": f"{mentor} and {mentee} already have an open mentorship."})
    _check_capacity(mentor)
    group = _relief_group_of(mentor, relief_group)
    mentorship = Mentorship(
        mentor=mentor,
        mentee=mentee,
        goals=goals,
        start_date=start_date,
        end_date=end_date,
        quota_relief=Decimal(quota_relief),
        relief_group=group,
        created_by=actor,
    )
    save_with_history(mentorship, actor=actor, reason="Mentorship proposed")
    return mentorship


def _lock_mentorship(mentorship: Mentorship) -> Mentorship:
    return Mentorship.objects.select_for_update().select_related("mentor", "mentee").get(pk=mentorship.pk)


MENTORSHIP_EDITABLE_FIELDS = ("goals", "end_date", "quota_relief", "relief_group")


@transaction.atomic
def mentorship_update(*, actor: Person, mentorship: Mentorship, **changes) -> Mentorship:
    """Change a pairing's goals, end date or relief (those who arrange it); the status changes
    through activate, complete and end."""
    mentorship = _lock_mentorship(mentorship)
    require(permissions.can_arrange_mentorship(actor, mentorship), "Only the manager chain or HR changes a mentorship.")
    unknown = set(changes) - set(MENTORSHIP_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({field: "This field cannot be changed." for field in unknown})
    if "end_date" in changes and changes["end_date"] is not None and changes["end_date"] < mentorship.start_date:
        raise ValidationError({"end_date": "Ends before it starts."})
    if "quota_relief" in changes:
        if changes["quota_relief"] is None or Decimal(changes["quota_relief"]) < 0:
            raise ValidationError({"quota_relief": "Cannot be negative."})
        changes["quota_relief"] = Decimal(changes["quota_relief"])
    if "relief_group" in changes:
        changes["relief_group"] = _relief_group_of(mentorship.mentor, changes["relief_group"])
    for name, value in changes.items():
        setattr(mentorship, name, value)
    if changes:
        save_with_history(mentorship, actor=actor, reason="Mentorship changed", update_fields=list(changes))
    return mentorship


@transaction.atomic
def mentorship_activate(*, actor: Person, mentorship: Mentorship) -> Mentorship:
    mentorship = _lock_mentorship(mentorship)
    require(permissions.can_arrange_mentorship(actor, mentorship), "Only the manager chain or HR starts a mentorship.")
    if mentorship.status != MentorshipStatus.PROPOSED:
        raise TransitionNotAllowed(f"The mentorship is {mentorship.get_status_display().lower()}, not proposed.")
    mentorship.status = MentorshipStatus.ACTIVE
    save_with_history(mentorship, actor=actor, reason="Mentorship started", update_fields=["status"])
    return mentorship


@transaction.atomic
def mentorship_complete(*, actor: Person, mentorship: Mentorship) -> Mentorship:
    mentorship = _lock_mentorship(mentorship)
    require(permissions.can_complete_mentorship(actor, mentorship), "Only the mentor, the manager chain or HR completes a mentorship.")
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise TransitionNotAllowed(f"The mentorship is {mentorship.get_status_display().lower()}, not active.")
    mentorship.status = MentorshipStatus.COMPLETED
    fields = ["status"]
    if mentorship.end_date is None:
        mentorship.end_date = organisation_today()
        fields.append("end_date")
    save_with_history(mentorship, actor=actor, reason="Mentorship completed", update_fields=fields)
    return mentorship


@transaction.atomic
def mentorship_end(*, actor: Person, mentorship: Mentorship) -> Mentorship:
    """Either side, their managers or HR may end a proposed or active pairing early."""
    mentorship = _lock_mentorship(mentorship)
    require(permissions.can_end_mentorship(actor, mentorship), "Only the pair, their managers or HR end a mentorship.")
    if mentorship.status not in (MentorshipStatus.PROPOSED, MentorshipStatus.ACTIVE):
        raise TransitionNotAllowed(f"The mentorship is already {mentorship.get_status_display().lower()}.")
    mentorship.status = MentorshipStatus.ENDED
    fields = ["status"]
    if mentorship.end_date is None or mentorship.end_date > organisation_today():
        mentorship.end_date = organisation_today()
        fields.append("end_date")
    save_with_history(mentorship, actor=actor, reason="Mentorship ended", update_fields=fields)
    return mentorship


@transaction.atomic
def quota_relief_create(
    *, actor: Person, mentor: Person, amount: Decimal, start_date: datetime.date,
    end_date: datetime.date | None = None, note: str = "",
) -> QuotaRelief:
    """Relief on a mentor's quota shared by a group of pairings (HR or the mentor's manager chain).

    Always a person's decision: no system job grants relief, so there is no actor-less path."""
    require(permissions.can_grant_quota_relief(actor, mentor), "Only HR or the mentor's managers grant quota relief.")
    if amount is None or Decimal(amount) < 0:
        raise ValidationError({"amount": "Cannot be negative."})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": "Ends before it starts."})
    relief = QuotaRelief(mentor=mentor, amount=Decimal(amount), start_date=start_date, end_date=end_date, note=note)
    save_with_history(relief, actor=actor, reason="Quota relief granted")
    return relief


QUOTA_RELIEF_EDITABLE_FIELDS = ("amount", "end_date", "note")


@transaction.atomic
def quota_relief_update(*, actor: Person, relief: QuotaRelief, **changes) -> QuotaRelief:
    """Change a relief's amount, end date or note (HR or the mentor's manager chain)."""
    relief = QuotaRelief.objects.select_for_update().select_related("mentor").get(pk=relief.pk)
    require(permissions.can_grant_quota_relief(actor, relief.mentor), "Only HR or the mentor's managers grant quota relief.")
    unknown = set(changes) - set(QUOTA_RELIEF_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({field: "This field cannot be changed." for field in unknown})
    if "amount" in changes:
        if changes["amount"] is None or Decimal(changes["amount"]) < 0:
            raise ValidationError({"amount": "Cannot be negative."})
        changes["amount"] = Decimal(changes["amount"])
    if changes.get("end_date") is not None and changes["end_date"] < relief.start_date:
        raise ValidationError({"end_date": "Ends before it starts."})
    for name, value in changes.items():
        setattr(relief, name, value)
    if changes:
        save_with_history(relief, actor=actor, reason="Quota relief changed", update_fields=list(changes))
    return relief


CADENCE_POLICY_FIELDS = (
    "weekly_1on1_every_days", "monthly_deep_dive_every_days", "quarterly_career_every_days", "developmental_gap_days",
)


@transaction.atomic
def cadence_policy_set(*, actor: Person, tier: str, **intervals) -> CadencePolicy:
    """HR sets how often a tier is coached (blank intervals: not required). Every read forgets
    the cached policies when one is saved (see apps.py)."""
    require(permissions.can_set_cadence_policy(actor), "Only HR sets the coaching cadence.")
    if tier not in Tier.values:
        raise ValidationError({"tier": "Not a tier."})
    unknown = set(intervals) - set(CADENCE_POLICY_FIELDS)
    if unknown:
        raise ValidationError({field: "This field cannot be changed." for field in unknown})
    if "developmental_gap_days" in intervals and intervals["developmental_gap_days"] is None:
        raise ValidationError({"developmental_gap_days": "Every tier has a developmental gap."})
    policy = CadencePolicy.objects.select_for_update().filter(tier=tier).first() or CadencePolicy(tier=tier)
    for name, days in intervals.items():
        setattr(policy, name, days)
    save_with_history(policy, actor=actor, reason="Cadence policy set")
    return policy


def cadence_policies_ensure() -> int:
    """Store the default cadence policy of every tier that has none yet; returns how many were made.
    Idempotent (run after every migrate, by set-up and by the demo)."""
    from coaching.selectors import DEFAULT_POLICIES, default_policy, forget_cadence_policies

    existing = set(CadencePolicy.objects.values_list("tier", flat=True))
    missing = [default_policy(tier) for tier in DEFAULT_POLICIES if tier not in existing]
    if missing:
        CadencePolicy.objects.bulk_create(missing, ignore_conflicts=True)
        forget_cadence_policies()
    return len(missing)
