"""The SCIM resources Catalyst serves, as scim2-models classes (RFC 7643).

Only the attributes Catalyst keeps are declared, so the /Schemas an identity provider reads is the
truth: an attribute outside them is refused (400) instead of being dropped silently, and a
compliance checker exercises exactly these.

| SCIM attribute | Person |
|---|---|
| `id` | the person's id |
| `userName` | the sign-in username |
| `externalId` (an enterprise `employeeNumber` sent is read as it) | `employee_id` |
| `name.formatted` (or `givenName familyName`, accepted, not kept) | `full_name` |
| `emails[primary].value` (`type`, `primary` accepted, not kept) | `email` |
| `title` | `title` |
| `active` | `status` is active (false: an alumnus) |
| enterprise `manager.value` | `manager` (their SCIM id) |
"""
from __future__ import annotations

from typing import Annotated

from pydantic import EmailStr, Field
from scim2_models import (
    URN,
    AuthenticationScheme,
    Bulk,
    CaseExact,
    ChangePassword,
    ComplexAttribute,
    ETag,
    Extension,
    Filter,
    Mutability,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    Returned,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
#: How many users one page of a list holds at most (ServiceProviderConfig's filter.maxResults).
MAX_RESULTS = 200


#: Accepted from identity providers, which send it, but not kept: Catalyst never returns it.
Accepted = (Mutability.write_only, Returned.never)


class Name(ComplexAttribute):
    formatted: str | None = None
    """The full name, as Catalyst shows it. When absent, `givenName familyName` is used."""

    family_name: Annotated[str | None, *Accepted] = None
    given_name: Annotated[str | None, *Accepted] = None


class Email(ComplexAttribute):
    """Catalyst keeps one address per person: the primary one (or the first) of those sent."""

    value: EmailStr | None = None
    type: Annotated[str | None, *Accepted] = None
    primary: Annotated[bool | None, *Accepted] = None


class Manager(ComplexAttribute):
    value: Annotated[str | None, CaseExact.true] = None
    """The SCIM id of the user's manager."""

    # RFC 7643 marks `$ref` required, yet identity providers send only `value`: it is optional here.
    # "User" names the SCIM resource type referred to, not a Python class.
    ref: Reference["User"] | None = Field(None, serialization_alias="$ref", validation_alias="$ref")  # noqa: F821, UP037

    display_name: Annotated[str | None, Mutability.read_only] = None


class EnterpriseUser(Extension):
    """The enterprise extension, with the manager. Its `employeeNumber` is not declared: Catalyst keeps
    one employee id, `externalId`; an `employeeNumber` an identity provider sends is read as
    `externalId` (views.employee_number_as_external_id) and wins over it."""

    __schema__ = URN(ENTERPRISE_USER)

    manager: Manager | None = None


class User(Resource[EnterpriseUser]):
    __schema__ = URN(CORE_USER)

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    name: Name | None = None
    title: str | None = None
    active: Annotated[bool | None, Returned.default] = None
    emails: list[Email] | None = None


def user_schemas():
    """The Schema resources of /Schemas, named as RFC 7643 names them."""
    schemas = []
    for model, name, description in (
        (User, "User", "A person of the organisation."),
        (EnterpriseUser, "EnterpriseUser", "The manager."),
    ):
        schema = model.to_schema()
        schema.name, schema.description = name, description
        schemas.append(schema)
    return schemas


def user_resource_type() -> ResourceType:
    resource_type = ResourceType.from_resource(User)
    resource_type.id = resource_type.name = "User"
    resource_type.description = "People of the organisation"
    return resource_type


def service_provider_config(*, documentation_uri: str | None = None) -> ServiceProviderConfig:
    return ServiceProviderConfig(
        documentation_uri=documentation_uri,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type="oauthbearertoken",
                name="Integration token",
                description="A token HR creates with the scope scim, sent as Authorization: Bearer <token>.",
                primary=True,
            )
        ],
    )
