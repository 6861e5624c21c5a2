import datetime

import factory

from common.time import organisation_today
from devplans.models import (
    ChampionAction,
    ChampionActionKind,
    DevelopmentPlan,
    GrowthArea,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    PlanStatus,
)
from tests.factories.people import JobRoleFactory, PersonFactory, SkillFactory


class DevelopmentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentPlan

    person = factory.SubFactory(PersonFactory)
    target_role = factory.SubFactory(JobRoleFactory)
    start_date = factory.LazyFunction(lambda: organisation_today() - datetime.timedelta(days=60))
    target_date = factory.LazyFunction(lambda: organisation_today() + datetime.timedelta(days=300))
    status = PlanStatus.ACTIVE


class GrowthAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrowthArea

    plan = factory.SubFactory(DevelopmentPlanFactory)
    skill = factory.SubFactory(SkillFactory)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    plan = factory.SubFactory(DevelopmentPlanFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    kind = MilestoneKind.OTHER
    due_date = factory.LazyAttribute(lambda m: m.plan.start_date + datetime.timedelta(days=90))
    status = MilestoneStatus.PLANNED


class ChampionActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChampionAction

    plan = factory.SubFactory(DevelopmentPlanFactory)
    manager = factory.LazyAttribute(lambda action: action.plan.person.manager)
    kind = ChampionActionKind.INTRODUCTION
    description = "Introduced to the CRO"
    occurred_on = factory.LazyFunction(organisation_today)
