"""The coaching predicates, person by person (the services, pages and admin all ask these)."""
import pytest

from coaching import permissions
from coaching.models import SessionStatus
from tests.factories.coaching import CoachingSessionFactory, MentorshipFactory

pytestmark = pytest.mark.django_db

EVERYONE = ["vp", "manager", "other_manager", "rep", "peer", "other_rep", "hr"]


def who(allowed: set[str]) -> dict[str, bool]:
    return {name: name in allowed for name in EVERYONE}


def answers(org, predicate, *args) -> dict[str, bool]:
    return {name: predicate(getattr(org, name), *args) for name in EVERYONE}


def test_team_cadence_flight_risk_and_logging_sessions_are_for_managers_and_hr(org):
    leaders = {"vp", "manager", "other_manager", "hr"}
    for predicate in (permissions.can_see_team_cadence, permissions.can_log_sessions, permissions.can_see_flight_risk):
        assert answers(org, predicate) == who(leaders), predicate.__name__
    assert answers(org, permissions.can_open_any_team) == who({"hr"})


def test_the_chain_and_hr_coach_and_record_observations_nobody_about_themself(org):
    assert answers(org, permissions.can_coach, org.rep) == who({"vp", "manager", "hr"})
    assert answers(org, permissions.can_record_observation, org.rep) == who({"vp", "manager", "hr"})
    assert permissions.can_coach(org.hr, org.hr) is False


def test_session_rights(org):
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED)
    assert answers(org, permissions.can_edit_session, session) == who({"vp", "manager", "hr"})
    assert answers(org, permissions.can_make_milestone, session) == who({"vp", "manager", "hr"})
    assert answers(org, permissions.can_add_agenda_item, session) == who({"manager", "rep"})
    assert answers(org, permissions.can_add_action_item, session) == who({"vp", "manager", "rep", "hr"})
    assert permissions.can_read_private_notes(org.rep, session) is False
    assert permissions.can_read_private_notes(org.vp, session) is True


def test_mentorship_rights(org):
    pairing = MentorshipFactory(mentor=org.peer, mentee=org.rep)
    chain_and_hr = {"vp", "manager", "hr"}
    assert answers(org, permissions.can_propose_mentorship, org.rep) == who(chain_and_hr)
    assert answers(org, permissions.can_arrange_mentorship, pairing) == who(chain_and_hr)
    assert answers(org, permissions.can_complete_mentorship, pairing) == who(chain_and_hr | {"peer"})
    assert answers(org, permissions.can_end_mentorship, pairing) == who(chain_and_hr | {"peer", "rep"})
    assert answers(org, permissions.can_grant_quota_relief, org.peer) == who(chain_and_hr)
    assert answers(org, permissions.can_set_cadence_policy) == who({"hr"})
