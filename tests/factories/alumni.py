import datetime
from decimal import Decimal

import factory

from alumni.models import (
    AlumniContribution,
    AlumniProfile,
    ContributionKind,
    ContributionStatus,
    ErasureRecord,
    OffboardingRecord,
)
from tests.factories.people import PersonFactory


class AlumniProfileFactory(factory.django.DjangoModelFactory):
    """An alumnus's profile; the person has left. Opted out of the directory unless told otherwise."""

    class Meta:
        model = AlumniProfile

    person = factory.SubFactory(PersonFactory, alumnus=True)
    directory_opt_in = False
    current_company = "Globex"
    current_title = "Account Director"


class AlumniContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlumniContribution

    alumnus = factory.SubFactory(PersonFactory, alumnus=True)
    kind = ContributionKind.REFERRAL
    value = Decimal("0")
    status = ContributionStatus.OPEN
    occurred_on = datetime.date(2026, 10, 1)


class OffboardingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OffboardingRecord

    person = factory.SubFactory(PersonFactory, alumnus=True)
    action = OffboardingRecord.Action.OFFBOARDED
    effective_on = factory.LazyAttribute(lambda record: record.person.left_on or datetime.date(2025, 6, 30))
    reason = "Joined another company"


class ErasureRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ErasureRecord

    person = factory.SubFactory(PersonFactory, alumnus=True, is_anonymised=True)
    requested_on = datetime.date(2026, 11, 1)
