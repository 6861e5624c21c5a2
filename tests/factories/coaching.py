import datetime

import factory
from django.utils import timezone

from coaching.models import (
    ActionItem,
    AgendaItem,
    CadencePolicy,
    CoachingSession,
    FlightRiskObservation,
    Mentorship,
    MentorshipStatus,
    ObservationKind,
    QuotaRelief,
    SessionKind,
    SessionStatus,
)
from people.models import Tier
from tests.factories.people import PersonFactory


class CoachingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingSession

    coach = factory.SubFactory(PersonFactory)
    coachee = factory.SubFactory(PersonFactory, manager=factory.SelfAttribute("..coach"))
    kind = SessionKind.WEEKLY_1ON1
    conversation = ""
    scheduled_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    duration_minutes = 30
    status = SessionStatus.HELD
    shared_notes = "Talked about the quarter."
    private_notes = ""


class QuotaReliefFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuotaRelief

    mentor = factory.SubFactory(PersonFactory)
    amount = 0
    start_date = datetime.date(2026, 1, 1)


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship

    mentor = factory.SubFactory(PersonFactory)
    mentee = factory.SubFactory(PersonFactory)
    start_date = datetime.date(2026, 1, 1)
    status = MentorshipStatus.ACTIVE
    goals = "Grow"


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FlightRiskObservation

    person = factory.SubFactory(PersonFactory)
    observed_by = factory.SubFactory(PersonFactory)
    kind = ObservationKind.FLAT_ENERGY
    observed_on = factory.LazyFunction(timezone.localdate)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """An agenda item written by the coachee (the rep sets half the agenda)."""

    class Meta:
        model = AgendaItem

    session = factory.SubFactory(CoachingSessionFactory, status=SessionStatus.SCHEDULED)
    author = factory.SelfAttribute("session.coachee")
    text = factory.Sequence(lambda n: f"Agenda point {n}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    """A follow-up owned by the coachee."""

    class Meta:
        model = ActionItem

    session = factory.SubFactory(CoachingSessionFactory)
    owner = factory.SelfAttribute("session.coachee")
    text = factory.Sequence(lambda n: f"Follow-up {n}")


class CadencePolicyFactory(factory.django.DjangoModelFactory):
    """A tier's cadence policy. The tier is unique (every tier already has one after migrating),
    so an existing policy takes these values instead of a second one being made."""

    class Meta:
        model = CadencePolicy

    tier = Tier.TOP_20
    weekly_1on1_every_days = 7
    monthly_deep_dive_every_days = 30
    quarterly_career_every_days = 91
    developmental_gap_days = 30

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        policy, _ = model_class.objects.update_or_create(tier=kwargs.pop("tier"), defaults=kwargs)
        return policy
