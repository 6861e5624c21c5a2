"""Builders for reminder tests, on top of the shared factories (a model change is fixed there once)."""
import datetime
from itertools import count

import pytest
from django.utils import timezone

from coaching.models import SessionKind, SessionStatus
from devplans.models import MilestoneStatus, PlanStatus
from people.models import Tier
from tests.factories import QuotaRecordFactory
from tests.factories.coaching import CoachingSessionFactory
from tests.factories.devplans import DevelopmentPlanFactory, MilestoneFactory

_seq = count()


def make_plan(person, *, target_date=None, status=PlanStatus.ACTIVE, start_date=datetime.date(2025, 1, 1)):
    return DevelopmentPlanFactory(
        person=person, target_role=None, start_date=start_date, target_date=target_date or datetime.date(2030, 1, 1),
        status=status,
    )


def make_milestone(plan, *, due_date, status=MilestoneStatus.PLANNED, submitted_at=None, title=None):
    return MilestoneFactory(
        plan=plan, title=title or f"Milestone {next(_seq)}", due_date=due_date, status=status, submitted_at=submitted_at
    )


def make_session(coach, coachee, *, when, kind=SessionKind.WEEKLY_1ON1, conversation="", status=SessionStatus.HELD):
    return CoachingSessionFactory(
        coach=coach, coachee=coachee, kind=kind, conversation=conversation, scheduled_at=when,
        duration_minutes=30, status=status, shared_notes="",
    )


def make_tier(person, tier, *, year=2026, quarter=4):
    return QuotaRecordFactory(person=person, year=year, quarter=quarter, tier=tier)


def local_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def builders():
    return type("Builders", (), dict(
        plan=staticmethod(make_plan), milestone=staticmethod(make_milestone), session=staticmethod(make_session),
        tier=staticmethod(make_tier), noon=staticmethod(local_noon), TOP=Tier.TOP_20, MIDDLE=Tier.MIDDLE_60,
    ))
