"""Writes for SCIM: an identity provider creating, changing and deactivating people.

Each goes through the services HR's own changes go through (people.services.person_create and
person_update, alumni.services.person_offboard), with the system as actor (None): the history
names the integration token in its reason. What Catalyst decides here:

- `active: false` (and DELETE) offboards, dated today; a person who still manages people is
  refused (409) with their reports named, because HR must choose who they will report to.
- `active: true` on an alumnus is refused (409): a re-hire is HR's decision (admin → Re-hire);
  once re-hired the identity provider manages them again.
- Nobody is ever deleted: DELETE offboards too, and the user stays readable (`active: false`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from scim2_models import (
    ConflictException,
    ForbiddenException,
    InvalidValueException,
    MutabilityException,
    PatchOp,
    SCIMException,
    UniquenessException,
)

from alumni.services import person_offboard
from common.exceptions import TransitionNotAllowed
from common.forms import error_text
from common.time import organisation_today
from integrations.models import IntegrationToken
from integrations.scim.schema import EnterpriseUser, Name, User
from integrations.scim.selectors import person_as_scim_user, scim_people
from people.models import Person, PersonStatus
from people.services import person_create, person_update, person_username_change


@dataclass(frozen=True)
class PersonFields:
    """What a SCIM User says about a person, in Person's terms."""

    username: str
    full_name: str | None
    email: str
    title: str
    employee_id: str | None
    manager: Person | None
    active: bool | None


def _text(value: str | None) -> str:
    return (value or "").strip()


def _fields(user: User) -> PersonFields:
    name = user.name
    full_name = None
    if name is not None:
        full_name = _text(name.formatted) or " ".join(
            part for part in (_text(name.given_name), _text(name.family_name)) if part
        ) or None
    emails = [email for email in user.emails or [] if email.value]
    primary = next((email for email in emails if email.primary), emails[0] if emails else None)
    enterprise = user[EnterpriseUser]
    manager = None
    manager_id = _text(enterprise.manager.value) if enterprise is not None and enterprise.manager else ""
    if manager_id:
        manager = scim_people().filter(pk=int(manager_id)).first() if manager_id.isdigit() else None
        if manager is None:
            raise InvalidValueException(detail=f"manager.value {manager_id!r} is no user's id.")
    return PersonFields(
        username=_text(user.user_name),
        full_name=full_name,
        email=str(primary.value) if primary else "",
        title=_text(user.title),
        employee_id=_text(user.external_id) or None,
        manager=manager,
        active=user.active,
    )


def _reason(token: IntegrationToken, what: str) -> str:
    return f"{what} by the identity provider (token {token.name})"[:200]


def _check_unique(*, fields: PersonFields, person: Person | None) -> None:
    others = Person.objects.exclude(pk=person.pk) if person is not None else Person.objects.all()
    if others.filter(user__username__iexact=fields.username).exists():
        raise UniquenessException(detail=f"The userName {fields.username!r} is taken.")
    if fields.employee_id and others.filter(employee_id=fields.employee_id).exists():
        raise UniquenessException(detail=f"The employee id (externalId) {fields.employee_id!r} belongs to someone else.")


def _refusal(error: Exception) -> SCIMException:
    """A service's refusal in SCIM's terms."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        if "new_manager" in error.error_dict:
            return ConflictException(detail=error_text(error))
        if any(item.code == "unique" for items in error.error_dict.values() for item in items):
            return UniquenessException(detail=error_text(error))
    if isinstance(error, PermissionDenied):
        return ForbiddenException(detail=error_text(error))
    if isinstance(error, TransitionNotAllowed):
        return ConflictException(detail=error_text(error))
    if isinstance(error, IntegrityError):
        return UniquenessException(detail="The userName or the employee id belongs to someone else.")
    return InvalidValueException(detail=error_text(error))


def _offboard(*, token: IntegrationToken, person: Person) -> None:
    person_offboard(
        actor=None, person=person, left_on=organisation_today(), reason=_reason(token, "Deactivated")
    )


def _apply(*, token: IntegrationToken, person: Person, fields: PersonFields) -> Person:
    if fields.active and person.status != PersonStatus.ACTIVE:
        raise ConflictException(detail=(
            f"{person} left on {person.left_on or 'an earlier date'}: a re-hire is HR's decision. "
            "HR re-hires them in Catalyst; the identity provider manages them again after that."
        ))
    changes: dict[str, Any] = {
        "email": fields.email,
        "title": fields.title,
        "employee_id": fields.employee_id,
    }
    if fields.full_name:
        changes["full_name"] = fields.full_name
    changes["manager"] = fields.manager
    changed = {name: value for name, value in changes.items() if getattr(person, name) != value}
    if changed:
        person = person_update(actor=None, person=person, **changed)
    if fields.username != person.user.username:
        person = person_username_change(actor=None, person=person, username=fields.username)
    if fields.active is False and person.status == PersonStatus.ACTIVE:
        _offboard(token=token, person=person)
        person.refresh_from_db()
    return person


def _run(action):
    try:
        with transaction.atomic():
            return action()
    except SCIMException:
        raise
    except (ValidationError, PermissionDenied, TransitionNotAllowed, IntegrityError) as error:
        raise _refusal(error) from error


def scim_user_create(*, token: IntegrationToken, user: User) -> Person:
    fields = _fields(user)

    def create() -> Person:
        _check_unique(fields=fields, person=None)
        person = person_create(
            actor=None,
            username=fields.username,
            full_name=fields.full_name or fields.username,
            email=fields.email,
            title=fields.title,
            manager=fields.manager,
            employee_id=fields.employee_id,
        )
        if fields.active is False:
            _offboard(token=token, person=person)
            person.refresh_from_db()
        return person

    return _run(create)


def scim_user_replace(*, token: IntegrationToken, person: Person, user: User) -> Person:
    """PUT: the User as sent replaces what SCIM manages (an attribute left out is cleared, except
    `active`: only an explicit false offboards)."""
    fields = _fields(user)

    def replace() -> Person:
        _check_unique(fields=fields, person=person)
        return _apply(token=token, person=Person.objects.get(pk=person.pk), fields=fields)

    return _run(replace)


def scim_user_patch(*, token: IntegrationToken, person: Person, patch: PatchOp, base_url: str) -> Person:
    """PATCH: the operations apply to the user as it stands (scim2-models does it), then the result is
    saved as a replacement would be."""
    current = person_as_scim_user(person, base_url=base_url)
    # Catalyst keeps one full name. For an operation on name.givenName or name.familyName alone (as
    # Microsoft Entra sends them) to mean something, the name is offered as its two parts, the first
    # word and the rest; an operation that writes name.formatted still wins.
    given, _, family = person.full_name.partition(" ")
    current.name = Name(given_name=given, family_name=family or None)
    patch.patch(current)
    if _fields(current).full_name is None:
        raise MutabilityException(detail="Everyone in Catalyst has a name: it can be replaced, not removed.")
    if current.active is None:
        raise MutabilityException(detail="active cannot be removed: send active false to offboard the person.")
    return scim_user_replace(token=token, person=person, user=current)


def scim_user_deactivate(*, token: IntegrationToken, person: Person) -> Person:
    """DELETE: Catalyst never deletes a person; it offboards them (alumni keep their history)."""

    def deactivate() -> Person:
        if person.status == PersonStatus.ACTIVE:
            _offboard(token=token, person=person)
        return Person.objects.get(pk=person.pk)

    return _run(deactivate)
