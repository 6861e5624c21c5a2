"""Reads for the people app: each fetches what its caller needs in a fixed number of queries."""
from __future__ import annotations

import datetime

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from common.time import organisation_today
from people.access import actors
from people.models import ApiToken, Person, PersonStatus, QuotaRecord
from people.models.tokens import KEY_LENGTH, PREFIX_LENGTH


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def latest_period(*, on: datetime.date | None = None) -> tuple[int, int] | None:
    """The newest quarter with quota records, at or before the quarter of `on` (1 query)."""
    record = _records_up_to(on).values_list("year", "quarter").first()
    return tuple(record) if record else None


def _records_up_to(on: datetime.date | None) -> QuerySet[QuotaRecord]:
    """Quota records of the quarter of `on` (default today) and before, newest quarter first."""
    year, quarter = quarter_of(on or organisation_today())
    return QuotaRecord.objects.filter(Q(year__lt=year) | Q(year=year, quarter__lte=quarter)).order_by("-year", "-quarter")


def current_tiers(person_ids: list[int] | QuerySet | None = None) -> dict[int, str]:
    """Each person's organisation-wide tier in the latest period (2 queries)."""
    period = latest_period()
    if period is None:
        return {}
    records = QuotaRecord.objects.filter(year=period[0], quarter=period[1])
    if person_ids is not None:
        records = records.filter(person_id__in=person_ids)
    return dict(records.values_list("person_id", "tier"))


def latest_period_records(*, on: datetime.date | None = None) -> QuerySet[QuotaRecord]:
    """Quota records of the latest period (`latest_period`), as one query with the period a subquery."""
    newest = _records_up_to(on)
    return QuotaRecord.objects.filter(
        year=Subquery(newest.values("year")[:1]), quarter=Subquery(newest.values("quarter")[:1])
    )


def current_tier_subquery(person_ref: str = "pk") -> Subquery:
    """The tier `current_tiers` gives, as an annotation: no query of its own.

    `person_ref` names the outer query's person id (`"pk"` on people, `"coachee_id"` on sessions).
    The latest period is an uncorrelated subquery, which SQLite and PostgreSQL evaluate once.
    """
    return Subquery(latest_period_records().filter(person_id=OuterRef(person_ref)).values("tier")[:1])


def direct_reports(manager: Person) -> QuerySet[Person]:
    """The manager's active direct reports by name, with what a list of them shows (1 query)."""
    return (
        Person.objects.filter(manager=manager, status=PersonStatus.ACTIVE)
        .select_related("team", "job_role", "user")
        .order_by("full_name")
    )


def api_token_holder(key: str) -> tuple[ApiToken, Person | None] | None:
    """The token row `key` is the secret of, with its holder's Person and role facts (people.access
    .actors), or None for a wrong, revoked or malformed key. One query; a second only for a key no
    Person holds (a bare superuser's token, or no token at all).

    Rows are found by the key's indexed prefix; the digest is then compared in constant time.
    """
    if len(key) != KEY_LENGTH:
        return None
    prefix = key[:PREFIX_LENGTH]
    candidates = actors().filter(user__api_tokens__prefix=prefix).annotate(
        token_id=F("user__api_tokens__id"), token_digest=F("user__api_tokens__digest"),
        token_created_at=F("user__api_tokens__created_at"), token_last_used_at=F("user__api_tokens__last_used_at"),
    )
    for person in candidates:
        token = ApiToken(id=person.token_id, user=person.user, prefix=prefix, digest=person.token_digest,
                         created_at=person.token_created_at, last_used_at=person.token_last_used_at)
        if token.matches(key):
            return token, person
    for token in ApiToken.objects.select_related("user").filter(prefix=prefix, user__person__isnull=True):
        if token.matches(key):
            return token, None
    return None
