"""Who may do what with the organisation's records: one predicate per permission.

The services in people.services raise PermissionDenied with the matching refusal when a predicate
fails for a person; an actor of None is the system (imports run by commands, the demo, migrations)
and is always allowed. The admin asks the same predicates to decide what to offer. Who may *see*
whom is people.access.
"""
from __future__ import annotations

from people.access import is_hr
from people.models import Person

PEOPLE_CHANGE_REFUSED = "Only HR can add or change people."
QUOTA_REFUSED = "Only HR can set quota figures."
CATALOGUE_REFUSED = "Only HR can keep teams, skills and job roles."
INVITE_REFUSED = "Only HR can invite people to sign in."


def can_change_people(actor: Person | None) -> bool:
    """Add people, change their details and their place in the organisation (HR)."""
    return is_hr(actor)


def can_set_quota(actor: Person | None) -> bool:
    """Set, correct or remove a quarter's quota figures (HR)."""
    return is_hr(actor)


def can_keep_catalogue(actor: Person | None) -> bool:
    """Create, change or remove teams, skills, job roles and the skills a role needs (HR)."""
    return is_hr(actor)


def can_invite_people(actor: Person | None) -> bool:
    """Email people a one-time link to set their password (HR)."""
    return is_hr(actor)
