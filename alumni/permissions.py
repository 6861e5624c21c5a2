"""Who may do what in the alumni network: one predicate per permission.

The services raise PermissionDenied with the matching refusal when a predicate fails; the pages,
their templates and the admin ask the same predicate to decide what to offer. Who may *see* whom
is people.access.
"""
from __future__ import annotations

from alumni.models import AlumniProfile
from people.access import is_hr
from people.models import Person

PROFILE_EDIT_REFUSED = "Only the alumnus (or HR) can change this profile."
CONSENT_REFUSED = "Only the alumnus can opt in to the directory."
OFFBOARD_REFUSED = "Only HR can offboard people."
REHIRE_REFUSED = "Only HR can re-hire people."
ANONYMISE_REFUSED = "Only HR can anonymise people."
CONTRIBUTION_RECORD_REFUSED = "Only HR can record alumni contributions."
CONTRIBUTION_CHANGE_REFUSED = "Only HR can change alumni contributions."


def can_edit_alumni_profile(actor: Person | None, person: Person) -> bool:
    """The alumnus themself, or HR (to correct it, or to withdraw consent on request)."""
    return actor is not None and (actor.pk == person.pk or is_hr(actor))


def can_give_directory_consent(actor: Person | None, profile: AlumniProfile) -> bool:
    """Only the alumnus may opt in to the directory: the consent is theirs (HR may only withdraw it)."""
    return actor is not None and actor.pk == profile.person_id


def can_offboard(actor: Person | None) -> bool:
    return is_hr(actor)


def can_rehire(actor: Person | None) -> bool:
    return is_hr(actor)


def can_anonymise(actor: Person | None) -> bool:
    return is_hr(actor)


def can_record_contribution(actor: Person | None) -> bool:
    return is_hr(actor)


def can_change_contribution(actor: Person | None) -> bool:
    return is_hr(actor)
