"""Quota-attainment tiers: top 20%, middle 60%, bottom 20%.

How ties are handled: people are ranked by attainment, highest first. The top tier has
ceil(20% of n) places and so does the bottom. A person is in the top 20% when fewer people
than there are top places attained strictly more than they did; so everyone tied at the
boundary shares the better tier, and the tier can hold more than its share when there are
ties. The bottom 20% is the same rule from the other end, for those not already top. Nobody
is ever in two tiers, and equal attainment always means equal tier.
"""
import bisect
import math
from collections.abc import Hashable, Iterable
from decimal import Decimal

from people.models import Tier


def compute_tiers(attainments: Iterable[tuple[Hashable, Decimal]]) -> dict[Hashable, Tier]:
    """Map each key to its tier, from (key, attainment) pairs."""
    pairs = list(attainments)
    n = len(pairs)
    if n == 0:
        return {}
    places = math.ceil(n * 0.2)
    values = sorted(value for _, value in pairs)
    result: dict[Hashable, Tier] = {}
    for key, value in pairs:
        strictly_above = n - bisect.bisect_right(values, value)
        strictly_below = bisect.bisect_left(values, value)
        if strictly_above < places:
            result[key] = Tier.TOP_20
        elif strictly_below < places:
            result[key] = Tier.BOTTOM_20
        else:
            result[key] = Tier.MIDDLE_60
    return result
