"""The main navigation of every page: which links a signed-in person gets, decided here from the apps'
predicates, so the layout template compares no role strings."""
from __future__ import annotations

import dataclasses

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from coaching.permissions import can_see_team_cadence
from people.access import is_hr, request_actor, role_of
from people.models import Person, Role


@dataclasses.dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def nav_items(person: Person, *, path: str) -> list[NavItem]:
    role = role_of(person)
    works_on_a_plan = role in (Role.REP, Role.MANAGER)  # HR and alumni have no plan of their own to work on
    links = [
        ("My plan", "devplans:my-plan", works_on_a_plan),
        ("My team", "coaching:team", can_see_team_cadence(person)),
        ("Mentorships", "coaching:mentorships", works_on_a_plan),
        ("Alumni", "alumni:directory", True),
        ("My profile", "alumni:profile", role == Role.ALUMNI and not person.is_anonymised),
        ("HR admin", "admin:index", is_hr(person)),
        ("Sign-in security", "mfa:security", is_hr(person) or person.user.is_staff),
    ]
    items = []
    for label, name, shown in links:
        if shown:
            url = reverse(name)
            items.append(NavItem(label, url, current=path == url and name != "admin:index"))
    return items


def role_label(person: Person) -> str:
    role = role_of(person)
    return "HR" if role == Role.HR else str(role.value)


def navigation(request):
    """Context processor: `nav_items` and `actor_role_label`, computed only when a page renders them."""

    def items():
        person = request_actor(request) if hasattr(request, "user") else None
        return nav_items(person, path=request.path) if person is not None else []

    def label():
        person = request_actor(request) if hasattr(request, "user") else None
        return role_label(person) if person is not None else ""

    return {"nav_items": SimpleLazyObject(items), "actor_role_label": SimpleLazyObject(label)}
