"""The organisation's clock: every "today" and every local day boundary comes from here.

Reminder dates, cadence gaps and "overdue" are the organisation's local dates (settings.TIME_ZONE),
never the server's `date.today()`, so a reminder cannot fire twice or be skipped around midnight
or a daylight-saving change.
"""
from __future__ import annotations

import datetime

from django.utils import timezone


def organisation_today() -> datetime.date:
    """Today's date in the organisation's time zone."""
    return timezone.localdate()


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The first instant of `day` in the organisation's time zone (DST-safe)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_current_timezone())


def days_since(moment: datetime.datetime | None, today: datetime.date) -> int | None:
    """Whole local days from `moment` to `today`, or None when there is no moment."""
    if moment is None:
        return None
    return (today - timezone.localtime(moment).date()).days


def iso_week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
