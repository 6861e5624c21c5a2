import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from people.models import (
    DataExportRecord,
    JobRole,
    Person,
    PersonStatus,
    QuotaRecord,
    RoleSkill,
    Skill,
    SkillCategory,
    SkillLevel,
    Team,
    Track,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def persist_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Team {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Skill {n}")
    category = SkillCategory.ADVANCED


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole
        django_get_or_create = ["title"]

    title = factory.Sequence(lambda n: f"Role {n}")
    level = 3
    track = Track.INDIVIDUAL_CONTRIBUTOR


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    full_name = factory.Faker("name")
    email = factory.LazyAttribute(lambda person: person.user.email)
    title = "Account Executive"
    hire_date = datetime.date(2022, 1, 10)
    team = factory.SubFactory(TeamFactory)

    class Params:
        #: `PersonFactory(alumnus=True)`: someone who has left (status alumni, a leaving date and reason).
        alumnus = factory.Trait(
            status=PersonStatus.ALUMNI, left_on=datetime.date(2025, 6, 30), leaving_reason="Joined another company"
        )


class QuotaRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuotaRecord

    person = factory.SubFactory(PersonFactory)
    year = 2026
    quarter = 4
    quota = Decimal("1000000")
    attained = Decimal("1000000")


class RoleSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleSkill
        django_get_or_create = ["role", "skill"]

    role = factory.SubFactory(JobRoleFactory)
    skill = factory.SubFactory(SkillFactory)
    expected_level = SkillLevel.WORKING


class DataExportRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataExportRecord

    user = factory.SubFactory(UserFactory)
    model = "people.Person"
    file_format = "csv"
    row_count = 10
