"""Who may do what in coaching: one predicate per permission.

The services raise when a predicate fails; the pages, templates (through booleans the views
compute) and the admin ask the same predicates to decide what to offer. Who sees whom is
people.access's answer; these add what the actor may do with what they see. Whether the state
allows an action (a held session's agenda is closed) is the services' answer, not a permission.
"""
from __future__ import annotations

from coaching.models import CoachingSession, Mentorship
from people import access
from people.models import Person, PersonStatus, Role


def _leads_people(actor: Person) -> bool:
    return actor.status == PersonStatus.ACTIVE and access.role_of(actor) in (Role.MANAGER, Role.HR)


# --- teams and cadence -----------------------------------------------------------------------------


def can_see_team_cadence(actor: Person) -> bool:
    """The team page and the cadence API: managers and HR."""
    return _leads_people(actor)


def can_open_any_team(actor: Person) -> bool:
    """HR opens every team; a manager only the teams in their reporting line."""
    return access.is_hr(actor)


def can_log_sessions(actor: Person) -> bool:
    """The page that logs a session: reps and alumni coach nobody, so it is closed to them."""
    return _leads_people(actor)


def can_see_flight_risk(actor: Person) -> bool:
    """Flight risk is for managers and HR; a rep never sees it, not even their own."""
    return _leads_people(actor)


# --- sessions --------------------------------------------------------------------------------------


def can_coach(actor: Person, coachee: Person) -> bool:
    """The coachee's manager chain (direct or indirect) or HR; nobody coaches themself."""
    return actor.pk != coachee.pk and access.can_manage(actor, coachee)


def can_edit_session(actor: Person, session: CoachingSession) -> bool:
    """Details, notes and the outcome (held, cancelled, missed): the coach, the coachee's chain, HR."""
    return actor.pk == session.coach_id or access.can_manage(actor, session.coachee)


def can_read_private_notes(actor: Person, session: CoachingSession) -> bool:
    """Private notes are the manager side's: never the coachee's, whoever else sees the session."""
    return actor.pk != session.coachee_id


def can_add_agenda_item(actor: Person, session: CoachingSession) -> bool:
    """The agenda belongs to the pair: the coach and the coachee write it (the rep sets half). Someone who
    has left reads their old sessions but writes nothing into them."""
    return actor.is_active_person and actor.pk in (session.coach_id, session.coachee_id)


def can_add_action_item(actor: Person, session: CoachingSession) -> bool:
    """The pair, and anyone who may act as the coachee's manager, record follow-ups; nobody who has left."""
    if not actor.is_active_person:
        return False
    return actor.pk in (session.coach_id, session.coachee_id) or access.can_manage(actor, session.coachee)


def can_make_milestone(actor: Person, session: CoachingSession) -> bool:
    """Turning a session's action item into a plan milestone is the coach side's decision."""
    return can_edit_session(actor, session)


# --- flight-risk observations ----------------------------------------------------------------------


def can_record_observation(actor: Person, person: Person) -> bool:
    """The person's manager chain or HR records the warning signs they see; never about themself."""
    return actor.pk != person.pk and access.can_manage(actor, person)


# --- mentorships and relief ------------------------------------------------------------------------


def can_propose_mentorship(actor: Person, mentee: Person) -> bool:
    """The mentee's manager chain or HR arranges a pairing."""
    return access.is_hr(actor) or access.is_in_manager_chain(actor, mentee)


def can_arrange_mentorship(actor: Person, mentorship: Mentorship) -> bool:
    """Starting or changing a pairing: HR, or the manager chain of the mentee or of the mentor."""
    return (
        access.is_hr(actor)
        or access.is_in_manager_chain(actor, mentorship.mentee)
        or access.is_in_manager_chain(actor, mentorship.mentor)
    )


def can_complete_mentorship(actor: Person, mentorship: Mentorship) -> bool:
    """Those who arrange it, and the mentor, say when a pairing is done."""
    return actor.pk == mentorship.mentor_id or can_arrange_mentorship(actor, mentorship)


def can_end_mentorship(actor: Person, mentorship: Mentorship) -> bool:
    """Either side, their managers or HR may end a pairing early."""
    return actor.pk in (mentorship.mentor_id, mentorship.mentee_id) or can_arrange_mentorship(actor, mentorship)


def can_grant_quota_relief(actor: Person, mentor: Person) -> bool:
    """Relief on a mentor's quota: HR or the mentor's manager chain."""
    return access.is_hr(actor) or access.is_in_manager_chain(actor, mentor)


# --- cadence policies ------------------------------------------------------------------------------


def can_set_cadence_policy(actor: Person) -> bool:
    """How often each tier is coached is HR's to decide."""
    return access.is_hr(actor)


# --- what a pairing shows ------------------------------------------------------------------------


def can_see_mentee_figures(actor: Person, mentorship: Mentorship) -> bool:
    """The mentee's revenue (baseline and lift) is for the mentee, their managers and HR: never for the
    mentor as such, who may be a peer or an alumna at another company."""
    return access.can_see_person(actor, mentorship.mentee)


def mentee_figures_visible(
    actor: Person, mentorships: list[Mentorship], *, people_in_scope: set[int] | frozenset[int] = frozenset()
) -> set[int]:
    """Ids of the pairings whose mentee figures `actor` may see: `can_see_mentee_figures` for a list, in
    one query at most; none when the caller already knows every mentee is in scope (`people_in_scope`,
    e.g. the reports of a team page the actor may open)."""
    mentee_ids = {m.mentee_id for m in mentorships} - set(people_in_scope)
    visible = set(people_in_scope)
    if mentee_ids:
        visible |= set(access.scope_people(actor).filter(pk__in=mentee_ids).values_list("pk", flat=True))
    return {m.pk for m in mentorships if m.mentee_id in visible}
