import datetime

from django.utils import timezone

from common.time import organisation_today
from people.selectors import quarter_of
from tests.factories import QuotaRecordFactory


def days_ago(days: int, hour: int = 12) -> datetime.datetime:
    """Noon, local time, `days` days before today (negative: in the future)."""
    day = organisation_today() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def set_tier(person, tier: str):
    year, quarter = quarter_of(organisation_today())
    return QuotaRecordFactory(person=person, year=year, quarter=quarter, tier=tier)
