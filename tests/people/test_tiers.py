from decimal import Decimal

import pytest

from people.models import Tier
from people.services import quota_record_set
from people.tiers import compute_tiers
from tests.factories import PersonFactory, QuotaRecordFactory


def test_five_people_give_one_top_and_one_bottom():
    tiers = compute_tiers([("a", 140), ("b", 100), ("c", 90), ("d", 80), ("e", 60)])
    assert tiers == {"a": Tier.TOP_20, "b": Tier.MIDDLE_60, "c": Tier.MIDDLE_60, "d": Tier.MIDDLE_60, "e": Tier.BOTTOM_20}


def test_a_tie_at_the_top_boundary_shares_the_better_tier():
    tiers = compute_tiers([("a", 120), ("b", 120), ("c", 100), ("d", 90), ("e", 50)])
    assert tiers["a"] == tiers["b"] == Tier.TOP_20
    assert tiers["c"] == Tier.MIDDLE_60


def test_a_tie_at_the_bottom_boundary_shares_the_bottom_tier():
    tiers = compute_tiers([("a", 150), ("b", 100), ("c", 90), ("d", 50), ("e", 50)])
    assert tiers["d"] == tiers["e"] == Tier.BOTTOM_20
    assert tiers["c"] == Tier.MIDDLE_60


def test_everyone_equal_is_everyone_top():
    assert set(compute_tiers([(i, 100) for i in range(10)]).values()) == {Tier.TOP_20}


def test_ten_people_give_two_per_end_tier():
    tiers = compute_tiers([(i, i) for i in range(10)])
    assert [tiers[i] for i in range(10)] == [Tier.BOTTOM_20] * 2 + [Tier.MIDDLE_60] * 6 + [Tier.TOP_20] * 2


def test_no_people_no_tiers():
    assert compute_tiers([]) == {}


@pytest.mark.django_db
def test_setting_quota_figures_recomputes_the_quarter_across_the_organisation():
    people = [PersonFactory() for _ in range(5)]
    for index, person in enumerate(people):
        QuotaRecordFactory(person=person, attained=Decimal(500000 + index * 100000))
    record = quota_record_set(
        actor=None, person=people[0], year=2026, quarter=4, quota=Decimal("1000000"), attained=Decimal("2000000")
    )
    assert record.tier == Tier.TOP_20
    assert people[4].quota_records.get().tier == Tier.MIDDLE_60
    assert record.attainment_percent == Decimal("200.0")
