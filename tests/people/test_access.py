import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from people import access
from people.models import Role
from people.services import person_update
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_three_level_reporting_line_is_visible_downwards_only(org):
    visible_to_vp = set(access.scope_people(org.vp).values_list("id", flat=True))
    assert visible_to_vp == {org.vp.id, org.manager.id, org.other_manager.id, org.rep.id, org.peer.id, org.other_rep.id}
    assert set(access.scope_people(org.manager).values_list("id", flat=True)) == {org.manager.id, org.rep.id, org.peer.id}
    assert set(access.scope_people(org.rep).values_list("id", flat=True)) == {org.rep.id}
    assert org.hr.id not in visible_to_vp


def test_hr_sees_everyone(org):
    assert access.scope_people(org.hr).count() == 7


def test_access_person_outside_scope_is_not_found(org):
    assert access.access_person(org.vp, org.rep.id) == org.rep
    with pytest.raises(Http404):
        access.access_person(org.manager, org.other_rep.id)
    with pytest.raises(Http404):
        access.access_person(org.rep, org.peer.id)
    for malformed in ("not-a-number", "-1", "0", str(2**63), "１", None, True):
        with pytest.raises(Http404):
            access.access_person(org.hr, malformed)
    assert access.access_person(org.hr, str(org.rep.id)) == org.rep


def test_manager_chain_and_roles(org):
    assert access.is_in_manager_chain(org.manager, org.rep)
    assert access.is_in_manager_chain(org.vp, org.rep)
    assert not access.is_in_manager_chain(org.rep, org.manager)
    assert not access.is_in_manager_chain(org.other_manager, org.rep)
    assert not access.is_in_manager_chain(org.rep, org.rep)
    assert access.role_of(org.rep) == Role.REP
    assert access.role_of(org.manager) == Role.MANAGER
    assert access.role_of(org.hr) == Role.HR


def test_scope_answers_in_one_query_however_deep(django_assert_num_queries):
    top = PersonFactory()
    boss = top
    for _ in range(12):
        boss = PersonFactory(manager=boss)
    viewer = access.actor_for(top.user)  # as a request sees them: role facts already fetched
    with django_assert_num_queries(1):
        assert len(list(access.scope_people(viewer))) == 13


def test_a_person_cannot_manage_themself(org):
    with pytest.raises(ValidationError) as error:
        person_update(actor=org.hr, person=org.rep, manager=org.rep)
    assert "own manager" in str(error.value)


def test_a_reporting_cycle_is_refused_and_nothing_changes(org):
    with pytest.raises(ValidationError) as error:
        person_update(actor=org.hr, person=org.vp, manager=org.rep)
    assert "cycle" in str(error.value)
    org.vp.refresh_from_db()
    assert org.vp.manager is None


def test_changing_a_manager_is_recorded_in_history(org):
    person_update(actor=org.hr, person=org.rep, manager=org.other_manager)
    org.rep.refresh_from_db()
    assert org.rep.manager == org.other_manager
    latest = org.rep.history.first()
    assert latest.history_user == org.hr.user
    assert "manager" in latest.history_change_reason
