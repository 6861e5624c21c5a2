"""Reads of the alumni network: the opt-in directory, an alumnus's own profile, the business it brings.

Each reads in a fixed number of queries.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404

from alumni.models import AlumniContribution, AlumniProfile, ContributionKind, ContributionStatus
from people.models import Person, PersonStatus

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


def has_alumni_profile(person: Person | None) -> bool:
    """Alumni have a profile; active employees and the anonymised do not."""
    return person is not None and person.status == PersonStatus.ALUMNI and not person.is_anonymised


def access_own_alumni_profile(viewer: Person | None) -> AlumniProfile:
    """The signed-in alumnus's own profile (1 query), 404 for anyone else.

    An alumnus whose profile was never saved gets an unsaved one with the defaults (opt-in off);
    `alumni.services.alumni_profile_update` creates it on the first change.
    """
    if not has_alumni_profile(viewer):
        raise Http404("Only alumni have an alumni profile.")
    return AlumniProfile.objects.filter(person=viewer).first() or AlumniProfile(person=viewer)
