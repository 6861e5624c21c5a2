"""Reads for the people app: each fetches what its caller needs in a fixed number of queries."""
from __future__ import annotations

import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery

from common.time import organisation_today
from people.models import Person, PersonStatus, QuotaRecord


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
