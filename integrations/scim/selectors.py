"""Reads for SCIM: which people an identity provider sees, a Person as a SCIM User, and a SCIM filter
as a query.

An identity provider sees every person, active or alumni, except those erased on request (their
record no longer names them). Filters are the simple ones identity providers send: `eq` on
userName, externalId, emails.value, employeeNumber, id and active, joined with `and`. Anything
else is refused (400 invalidFilter) rather than answered with the wrong people.
"""
from __future__ import annotations

from django.db.models import Q, QuerySet
from scim2_models import InvalidFilterException, Meta, NotFoundException, ScimFilter
from scim2_models.path.expressions import CompareOperator, Comparison, LogicalExpr, LogicalOperator

from integrations.scim.schema import CORE_USER, ENTERPRISE_USER, Email, EnterpriseUser, Manager, Name, User
from people.models import Person, PersonStatus

FILTERABLE = "userName, externalId, emails.value, employeeNumber, id, active"


def scim_people() -> QuerySet[Person]:
    return Person.objects.filter(is_anonymised=False).select_related("user", "manager").order_by("pk")


def scim_person_get(*, scim_id: str) -> Person:
    """The person with this SCIM id, or NotFoundException (404)."""
    person = scim_people().filter(pk=int(scim_id)).first() if scim_id.isdigit() else None
    if person is None:
        raise NotFoundException(detail=f"No user with the id {scim_id!r}.")
    return person


def _comparison_q(node: Comparison) -> Q:
    path = node.attr_path
    uri = (path.uri or "").rstrip(":")
    attr = path.attr.lower()
    sub = (path.sub_attr or "").lower()
    if node.op != CompareOperator.eq:
        raise InvalidFilterException(detail=f"Only 'eq' comparisons are supported here ({FILTERABLE}).")
    value = node.value
    if uri in ("", CORE_USER):
        if attr == "username" and not sub and isinstance(value, str):
            return Q(user__username__iexact=value)
        if attr == "externalid" and not sub and isinstance(value, str):
            return Q(employee_id=value)
        if attr == "emails" and sub in ("", "value") and isinstance(value, str):
            return Q(email__iexact=value)
        if attr == "id" and not sub and isinstance(value, str):
            return Q(pk=int(value)) if value.isdigit() else Q(pk__in=[])
        if attr == "active" and not sub and isinstance(value, bool):
            return Q(status=PersonStatus.ACTIVE) if value else ~Q(status=PersonStatus.ACTIVE)
    if uri in ("", ENTERPRISE_USER) and attr == "employeenumber" and not sub and isinstance(value, str):
        return Q(employee_id=value)  # not declared (schema.EnterpriseUser), but identity providers filter on it
    raise InvalidFilterException(detail=f"Users can be filtered on {FILTERABLE}; not on {path}.")


def _node_q(node) -> Q:
    if isinstance(node, Comparison):
        return _comparison_q(node)
    if isinstance(node, LogicalExpr) and node.op == LogicalOperator.and_:
        query = Q()
        for term in node.terms:
            query &= _node_q(term)
        return query
    raise InvalidFilterException(detail=f"Only 'eq' comparisons joined with 'and' are supported ({FILTERABLE}).")


def scim_filter_q(text: str) -> Q:
    """The query for a SCIM filter; InvalidFilterException (400) for a bad or unsupported one."""
    try:
        ast = ScimFilter[User](text).ast
    except InvalidFilterException:
        raise
    except Exception as error:  # the parser's own errors: malformed text
        raise InvalidFilterException(detail=f"The filter could not be read: {error}") from error
    return _node_q(ast)


def person_as_scim_user(person: Person, *, base_url: str) -> User:
    """The SCIM User for a person; `base_url` is the service's root (…/scim/v2)."""
    location = f"{base_url}/Users/{person.pk}"
    user = User(
        id=str(person.pk),
        external_id=person.employee_id or None,
        user_name=person.user.username,
        name=Name(formatted=person.full_name),
        title=person.title or None,
        active=person.status == PersonStatus.ACTIVE,
        # type and primary are never returned; they are here so a PATCH path like
        # emails[type eq "work"].value (Microsoft Entra's) finds the address.
        emails=[Email(value=person.email, type="work", primary=True)] if person.email else None,
        meta=Meta(
            resource_type="User", created=person.created_at, last_modified=person.updated_at, location=location
        ),
    )
    manager = person.manager
    if manager is not None and not manager.is_anonymised:
        user[EnterpriseUser] = EnterpriseUser(
            manager=Manager(value=str(manager.pk), ref=f"{base_url}/Users/{manager.pk}")
        )
    return user
