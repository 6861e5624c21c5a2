"""The return on a mentor's quota relief (DOMAIN.md, from 001), from real quota records.

* **Baseline** of a pairing: the mentee's attained revenue in the quarter before the quarter the
  mentorship started in.
* **Lift** of a pairing: the sum, over each quarter from the start quarter to the end quarter
  (or the latest quarter with records, while it runs), of (attained in that quarter − baseline).
  Quarters without a record are skipped. No baseline, or a pairing still proposed → no lift (null).
* **Relief** of a pairing: its relief group's amount when it belongs to one (the relief is shared
  by the mentor's group of pairings), otherwise its own `quota_relief`.
* **Net return**: the total lift of every pairing covered by the same relief − the relief. For a
  pairing outside any group it is its own lift − its own relief.

The DOMAIN example: relief 200,000 for a group of six pairings, each mentee lifting 50,000 over
their baseline → net return 6 × 50,000 − 200,000 = 100,000.

Everything for a page of pairings is read in two queries (the siblings in the relief groups and
the quota records of all the mentees concerned).
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from coaching.models import Mentorship, MentorshipStatus
from common.time import organisation_today
from people.models import QuotaRecord
from people.selectors import quarter_of


@dataclass
class MentorshipReturn:
    quota_relief: Decimal
    baseline: Decimal | None
    mentee_revenue_lift: Decimal | None
    group_lift: Decimal
    group_size: int
    net_return: Decimal | None


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def pairing_lift(mentorship: Mentorship, records: dict[tuple[int, int], Decimal], today: datetime.date):
    """(baseline, lift) for one pairing from the mentee's attained-by-quarter."""
    if mentorship.status == MentorshipStatus.PROPOSED:
        return None, None
    start = quarter_of(mentorship.start_date)
    baseline = records.get(previous_quarter(*start))
    if baseline is None:
        return None, None
    end = quarter_of(mentorship.end_date or today)
    lift = Decimal("0")
    for period, attained in records.items():
        if start <= period <= end:
            lift += attained - baseline
    return baseline, lift


def mentorship_returns(
    mentorships: list[Mentorship], *, today: datetime.date | None = None, relief_groups: list[Mentorship] | None = None
) -> dict[int, MentorshipReturn]:
    """The return of each pairing, keyed by id (2 queries whatever the number of pairings; 1 when
    the caller already has every pairing of their relief groups, `relief_groups`)."""
    today = today or organisation_today()
    if not mentorships:
        return {}
    group_ids = {m.relief_group_id for m in mentorships if m.relief_group_id}
    siblings: dict[int, list[Mentorship]] = defaultdict(list)
    everyone = {m.pk: m for m in mentorships}
    if group_ids:
        if relief_groups is None:
            relief_groups = Mentorship.objects.filter(relief_group_id__in=group_ids).select_related("relief_group")
        for sibling in relief_groups:
            if sibling.relief_group_id in group_ids:
                everyone.setdefault(sibling.pk, sibling)
    for pairing in everyone.values():
        if pairing.relief_group_id:
            siblings[pairing.relief_group_id].append(pairing)
    mentee_ids = {m.mentee_id for m in everyone.values()}
    earliest = min(m.start_date for m in everyone.values())
    first_year = earliest.year - 1
    attained: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    for person_id, year, quarter, value in QuotaRecord.objects.filter(
        Q(person_id__in=mentee_ids) & Q(year__gte=first_year)
    ).values_list("person_id", "year", "quarter", "attained"):
        attained[person_id][(year, quarter)] = value
    lifts = {pk: pairing_lift(m, attained[m.mentee_id], today) for pk, m in everyone.items()}

    results = {}
    for mentorship in mentorships:
        baseline, lift = lifts[mentorship.pk]
        if mentorship.relief_group_id:
            group = siblings[mentorship.relief_group_id]
            relief = mentorship.relief_group.amount
            group_lifts = [lifts[m.pk][1] for m in group]
        else:
            group = [mentorship]
            relief = mentorship.quota_relief
            group_lifts = [lift]
        known = [value for value in group_lifts if value is not None]
        group_lift = sum(known, Decimal("0"))
        net = group_lift - relief if known else None
        results[mentorship.pk] = MentorshipReturn(
            quota_relief=relief,
            baseline=baseline,
            mentee_revenue_lift=lift,
            group_lift=group_lift,
            group_size=len(group),
            net_return=net,
        )
    return results
