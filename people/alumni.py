"""The alumni network: the opt-in directory, the profile each alumnus controls, and the business it brings.

Selectors read in a fixed number of queries; services write through save_with_history.
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.utils import timezone

from people import access
from people.audit import save_with_history
from people.models import (
    AlumniContribution,
    AlumniProfile,
    ContributionKind,
    ContributionStatus,
    Person,
    PersonStatus,
)

# ?open_to= value → profile flag
OPEN_TO_FIELDS = {
    "mentoring": "open_to_mentoring",
    "referrals": "open_to_referrals",
    "partnership": "open_to_partnership",
    "returning": "open_to_returning",
}

PROFILE_EDITABLE_FIELDS = (
    "directory_opt_in",
    "current_company",
    "current_title",
    "location",
    "public_contact",
    "open_to_mentoring",
    "open_to_referrals",
    "open_to_partnership",
    "open_to_returning",
)

MAX_SEARCH_TERMS = 8


# --- selectors ---------------------------------------------------------------------------------

def alumni_directory(*, search: str = "", open_to: str | None = None) -> QuerySet[AlumniProfile]:
    """Alumni who opted in, by name (1 query; with pagination, a count too).

    Every word of `search` must match the name, current company or current title.
    """
    profiles = (
        AlumniProfile.objects.filter(
            directory_opt_in=True, person__status=PersonStatus.ALUMNI, person__is_anonymised=False
        )
        .select_related("person")
        .only(
            "id", "person_id", "person__full_name", "current_company", "current_title",
            "location", "public_contact", *OPEN_TO_FIELDS.values(),
        )
        .order_by("person__full_name", "id")
    )
    for term in (search or "").split()[:MAX_SEARCH_TERMS]:
        profiles = profiles.filter(
            Q(person__full_name__icontains=term)
            | Q(current_company__icontains=term)
            | Q(current_title__icontains=term)
        )
    if open_to:
        if open_to not in OPEN_TO_FIELDS:
            raise ValidationError({"open_to": f"Choose one of: {', '.join(OPEN_TO_FIELDS)}."})
        profiles = profiles.filter(**{OPEN_TO_FIELDS[open_to]: True})
    return profiles


def open_to_list(profile: AlumniProfile) -> list[str]:
    return [name for name, field in OPEN_TO_FIELDS.items() if getattr(profile, field)]


def alumni_contribution_summary() -> list[dict[str, Any]]:
    """Per year and kind: how many contributions, the value won and the value still open (1 query)."""
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))
    rows = (
        AlumniContribution.objects.annotate(year=ExtractYear("occurred_on"))
        .values("year", "kind")
        .annotate(
            count=Count("id"),
            won_value=Coalesce(Sum("value", filter=Q(status=ContributionStatus.WON)), zero),
            open_value=Coalesce(Sum("value", filter=Q(status=ContributionStatus.OPEN)), zero),
        )
        .order_by("-year", "kind")
    )
    labels = dict(ContributionKind.choices)
    return [{**row, "kind_label": labels.get(row["kind"], row["kind"])} for row in rows]


# --- services ----------------------------------------------------------------------------------

def access_own_alumni_profile(viewer: Person | None) -> AlumniProfile:
    """The signed-in alumnus's own profile (created, opt-in off, if missing). 404 for anyone else."""
    if viewer is None or viewer.status != PersonStatus.ALUMNI or viewer.is_anonymised:
        raise Http404("Only alumni have an alumni profile.")
    profile, _ = AlumniProfile.objects.get_or_create(person=viewer)
    return profile


@transaction.atomic
def alumni_profile_update(*, actor: Person, person: Person, **fields: Any) -> AlumniProfile:
    """Change an alumni profile. The alumnus controls it; HR may correct it and may withdraw
    directory consent on request, but only the alumnus can give it. Consent changes are timestamped."""
    unknown = set(fields) - set(PROFILE_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    is_self = actor.pk == person.pk
    if not is_self and not access.is_hr(actor):
        raise PermissionDenied("Only the alumnus (or HR) can change this profile.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status != PersonStatus.ALUMNI or person.is_anonymised:
        raise Http404("Only alumni have an alumni profile.")
    profile, _ = AlumniProfile.objects.select_for_update().get_or_create(person=person)
    if not is_self and fields.get("directory_opt_in") and not profile.directory_opt_in:
        raise PermissionDenied("Only the alumnus can opt in to the directory.")
    changed = [name for name, value in fields.items() if getattr(profile, name) != value]
    if not changed:
        return profile
    for name in changed:
        setattr(profile, name, fields[name])
    if "directory_opt_in" in changed:
        profile.consent_changed_at = timezone.now()
        changed.append("consent_changed_at")
    profile.full_clean(exclude=["person"])
    if "directory_opt_in" in changed:
        reason = "Opted in to the directory" if profile.directory_opt_in else "Opted out of the directory"
    else:
        reason = f"Changed {', '.join(changed)}"
    save_with_history(profile, actor=actor, reason=reason, update_fields=[*changed, "updated_at"])
    return profile


@transaction.atomic
def alumni_contribution_record(
    *,
    actor: Person,
    alumnus: Person,
    kind: str,
    occurred_on: datetime.date,
    value: Decimal = Decimal("0"),
    status: str = ContributionStatus.OPEN,
    description: str = "",
) -> AlumniContribution:
    """HR records business that came through an alumnus (referral, deal, partnership, boomerang interest)."""
    if not access.is_hr(actor):
        raise PermissionDenied("Only HR can record alumni contributions.")
    if alumnus.status != PersonStatus.ALUMNI:
        raise ValidationError({"alumnus": f"{alumnus} is not an alumnus."})
    contribution = AlumniContribution(
        alumnus=alumnus, kind=kind, occurred_on=occurred_on, value=value, status=status,
        description=description, recorded_by=actor,
    )
    contribution.full_clean()
    save_with_history(contribution, actor=actor, reason="Recorded")
    return contribution


@transaction.atomic
def alumni_contribution_update(*, actor: Person, contribution: AlumniContribution, **fields: Any) -> AlumniContribution:
    if not access.is_hr(actor):
        raise PermissionDenied("Only HR can change alumni contributions.")
    allowed = {"kind", "description", "value", "status", "occurred_on"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    contribution = AlumniContribution.objects.select_for_update().get(pk=contribution.pk)
    changed = [name for name, value in fields.items() if getattr(contribution, name) != value]
    for name in changed:
        setattr(contribution, name, fields[name])
    if changed:
        contribution.full_clean()
        save_with_history(contribution, actor=actor, reason=f"Changed {', '.join(changed)}", update_fields=changed)
    return contribution
