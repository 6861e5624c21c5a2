import datetime

import factory
from django.utils import timezone

from coaching.models import (
    CoachingSession,
    FlightRiskObservation,
    Mentorship,
    MentorshipStatus,
    ObservationKind,
    QuotaRelief,
    SessionKind,
    SessionStatus,
)
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
    observed_on = factory.LazyFunction(lambda: timezone.localdate())
