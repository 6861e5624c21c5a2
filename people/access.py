"""Who may see whom. The one place that answers it; every API view and page goes through here.

The rule (CONTRACT.md): a rep sees themself; a manager sees everyone in their reporting line,
direct and indirect, and themself; HR sees everyone; an alumnus sees only themself (and the
opt-in directory, which is public to everyone signed in). Anything outside the caller's scope
is answered as if it did not exist (404).

The reporting line is read with one recursive query (a common table expression that both
SQLite and PostgreSQL run), so every answer costs a fixed number of queries however deep the
organisation is.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from common.exceptions import NoProfile
from common.ids import object_id
from people.models import HR_GROUP_NAME, Person, PersonStatus, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

_MISSING = object()

_REPORTING_LINE_SQL = """
WITH RECURSIVE reporting_line(id) AS (
    SELECT id FROM people_person WHERE manager_id = %s
    UNION
    SELECT p.id FROM people_person p INNER JOIN reporting_line r ON p.manager_id = r.id
)
SELECT id FROM reporting_line
"""


def actors() -> QuerySet[Person]:
    """People with the facts a role needs (HR group, reports) annotated: one query for any filter.

    Every request runs it (authentication), so the annotated queryset is built once per process
    and cloned: resolving the two subqueries cost about a third of a small API request. The
    base is never evaluated, only cloned, so sharing it between threads is safe.
    """
    return _actors_base().all()


@functools.cache
def _actors_base() -> QuerySet[Person]:
    return Person.objects.select_related("user", "team", "job_role").annotate(
        in_hr_group=Exists(
            Group.user_set.through.objects.filter(user_id=OuterRef("user_id"), group__name=HR_GROUP_NAME)
        ),
        has_reports=Exists(Person.objects.filter(manager_id=OuterRef("pk"), status=PersonStatus.ACTIVE)),
    )


def actor_for(user: AbstractBaseUser | Any) -> Person | None:
    """The user's Person with its role facts (1 query). In views use `request_actor`."""
    if user is None or not user.is_authenticated:
        return None
    return actors().filter(user_id=user.pk).first()


def remember_actor(request: Any, person: Person | None) -> None:
    """Keep an already-fetched actor on the request (the token check fetches it with the user)."""
    getattr(request, "_request", request)._catalyst_actor = person


def request_actor(request: Any) -> Person | None:
    """The signed-in Person for this request, fetched once and kept on the request."""
    base = getattr(request, "_request", request)  # DRF wraps Django's request
    cached = getattr(base, "_catalyst_actor", _MISSING)
    if cached is _MISSING:
        user = request.user
        # The session backend (people.backends) loads the Person with the user, in the same query.
        cached = getattr(user, "_catalyst_person", None) if user.is_authenticated else None
        if cached is None:
            cached = actor_for(user)
        base._catalyst_actor = cached
    return cached


def require_actor(request: Any) -> Person:
    """The request's Person, or 403 for an account with no profile."""
    person = request_actor(request)
    if person is None:
        raise NoProfile("This account has no Catalyst profile. Ask HR to add you.")
    return person


def role_of(person: Person) -> Role:
    """rep, manager, hr or alumni. Uses the facts `actor_for` annotated when present."""
    if person.status == PersonStatus.ALUMNI:
        return Role.ALUMNI
    if is_hr(person):
        return Role.HR
    has_reports = getattr(person, "has_reports", None)
    if has_reports is None:
        has_reports = Person.objects.filter(manager_id=person.pk, status=PersonStatus.ACTIVE).exists()
    return Role.MANAGER if has_reports else Role.REP


def is_hr(person: Person | None) -> bool:
    if person is None or person.status != PersonStatus.ACTIVE:
        return False
    flag = getattr(person, "in_hr_group", None)
    if flag is None:
        flag = person.user.groups.filter(name=HR_GROUP_NAME).exists()
    return bool(flag or person.user.is_superuser)


def reporting_line_ids(manager: Person | int) -> RawSQL:
    """A subquery of the ids of everyone below `manager`, direct and indirect."""
    manager_id = manager if isinstance(manager, int) else manager.pk
    # Constant SQL with a bound integer parameter: nothing from the caller reaches the text.
    return RawSQL(_REPORTING_LINE_SQL, [int(manager_id)])  # nosec B611


def is_in_manager_chain(manager: Person, person: Person) -> bool:
    """Is `manager` above `person` in the reporting line (directly or indirectly)?"""
    if manager.pk == person.pk:
        return False
    if person.manager_id == manager.pk:
        return True
    return Person.objects.filter(pk=person.pk, id__in=reporting_line_ids(manager)).exists()


def is_direct_manager(manager: Person, person: Person) -> bool:
    return person.manager_id is not None and person.manager_id == manager.pk


def scope_people(viewer: Person, queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """The people `viewer` may see."""
    queryset = Person.objects.all() if queryset is None else queryset
    return scope_by_person(viewer, queryset, person_field="")


def scope_by_person(viewer: Person, queryset: QuerySet, *, person_field: str = "person") -> QuerySet:
    """Narrow any queryset of things that belong to a person to those `viewer` may see.

    `person_field` is the lookup path from the model to its Person ("" when the model is Person).
    """
    if is_hr(viewer):
        return queryset
    id_lookup = f"{person_field}__id" if person_field else "id"
    if viewer.status != PersonStatus.ACTIVE:
        return queryset.filter(**{id_lookup: viewer.pk})
    return queryset.filter(Q(**{id_lookup: viewer.pk}) | Q(**{f"{id_lookup}__in": reporting_line_ids(viewer)}))


def can_see_person(viewer: Person, person: Person) -> bool:
    return viewer.pk == person.pk or is_hr(viewer) or (
        viewer.status == PersonStatus.ACTIVE and is_in_manager_chain(viewer, person)
    )


def access_person(viewer: Person, person_id: int | str) -> Person:
    """The person, if `viewer` may see them; otherwise 404 as if they did not exist (a malformed id too)."""
    person_id = object_id(person_id, what="person")
    person = scope_people(viewer).select_related("user", "team", "manager", "job_role").filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person.")
    return person


def can_manage(viewer: Person, person: Person) -> bool:
    """May `viewer` act as a manager for `person` (build plans, coach)? HR or the manager chain."""
    if viewer.status != PersonStatus.ACTIVE:
        return False
    return is_hr(viewer) or is_in_manager_chain(viewer, person)
