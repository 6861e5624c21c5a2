"""Demo plans: a realistic handful for the demo organisation, and bulk ones for benchmarks.

seed_demo covers every case the reminders need, relative to `today`: a milestone due in exactly
7 days, one due tomorrow, one overdue, one submitted three or more days ago and undecided, and a
plan whose target date is exactly 14 days away.
"""
from __future__ import annotations

import datetime
import random

from django.utils import timezone

from devplans.models import (
    Ambition,
    ChampionAction,
    ChampionActionKind,
    DevelopmentPlan,
    GrowthArea,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    PlanStatus,
    Readiness,
)
from people.models import JobRole, Person, PersonStatus, Skill


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _plan(person, role, *, status, start, target, ambition=Ambition.NEXT_ROLE, summary="", created_by=None,
          approved_by=None, approved_on=None, **extra) -> DevelopmentPlan:
    plan = DevelopmentPlan(
        person=person, target_role=role, ambition=ambition, summary=summary, start_date=start, target_date=target,
        status=status, created_by=created_by or person, approved_by=approved_by,
        approved_at=_moment(approved_on) if approved_on else None, **extra,
    )
    plan._change_reason = "Demo data"
    plan.save()
    return plan


def _area(plan, skill, *, focus=False, notes="") -> GrowthArea:
    return GrowthArea.objects.create(plan=plan, skill=skill, is_focus=focus, notes=notes)


def _milestone(plan, title, due, *, status=MilestoneStatus.PLANNED, kind=MilestoneKind.OTHER, area=None,
               description="", evidence="", started=None, submitted=None, decided=None, decided_by=None,
               comment="") -> Milestone:
    milestone = Milestone(
        plan=plan, title=title, due_date=due, status=status, kind=kind, growth_area=area, description=description,
        evidence=evidence, started_at=_moment(started) if started else None,
        submitted_at=_moment(submitted, 16) if submitted else None, decided_by=decided_by,
        decided_at=_moment(decided, 11) if decided else None, decision_comment=comment,
    )
    milestone._change_reason = "Demo data"
    milestone.save()
    return milestone


def seed_demo(*, people: dict[str, Person], today: datetime.date) -> None:
    """Realistic plans for the demo organisation (CONTRACT.md)."""
    day = lambda offset: today + datetime.timedelta(days=offset)  # noqa: E731
    roles = {role.title: role for role in JobRole.objects.all()}
    skills = {skill.name: skill for skill in Skill.objects.all()}
    ava, ben, dev, fay, marco, sam = (people[name] for name in ("ava", "ben", "dev", "fay", "marco", "sam"))

    # Ava: top performer, active plan toward Strategic Account Executive.
    plan = _plan(
        ava, roles["Strategic Account Executive"], status=PlanStatus.ACTIVE, start=day(-150), target=day(210),
        summary="Own two strategic accounts and sell at C-level on my own by next autumn.",
        created_by=marco, approved_by=marco, approved_on=day(-145),
        readiness=Readiness.WITHIN_6_12_MONTHS,
        readiness_feedback=(
            "Your deal craft is already strategic-level: the Contoso renewal was the best-run deal on the team. "
            "What holds you back is the boardroom: you still hand the CFO conversation to me. Two more executive "
            "briefings led end to end, and a multi-threaded plan on Fabrikam, and I will put you forward."
        ),
        readiness_updated_by=marco, readiness_updated_at=_moment(day(-20)),
    )
    executive = _area(plan, skills["Executive-level selling"], focus=True, notes="Lead C-level meetings without backup.")
    committees = _area(plan, skills["Complex buying committees"], focus=True, notes="Multi-thread every deal over $250k.")
    positioning = _area(plan, skills["Advanced competitive positioning"])
    _milestone(plan, "Shadow the CRO on two executive briefings", day(-100), status=MilestoneStatus.APPROVED,
               kind=MilestoneKind.SHADOW_EXECUTIVE, area=executive, started=day(-140), submitted=day(-98),
               decided=day(-96), decided_by=marco, evidence="Briefings with Northwind and Litware; notes shared.",
               comment="Great notes. Next time take the pricing section yourself.")
    _milestone(plan, "Win-loss case study: the Contoso renewal", day(-45), status=MilestoneStatus.APPROVED,
               kind=MilestoneKind.CASE_STUDY, area=committees, started=day(-70), submitted=day(-47),
               decided=day(-44), decided_by=marco, evidence="Case study in the team wiki; presented at the sales kick-off.",
               comment="This is now part of onboarding.")
    _milestone(plan, "Run the competitive-positioning workshop for the team", day(-10),
               status=MilestoneStatus.IN_PROGRESS, kind=MilestoneKind.LEAD_PROJECT, area=positioning, started=day(-30),
               description="A 90-minute workshop on winning against the two main competitors.")
    _milestone(plan, "Map the buying committee on the Fabrikam deal", day(3), status=MilestoneStatus.SUBMITTED,
               kind=MilestoneKind.STRETCH_ASSIGNMENT, area=committees, started=day(-25), submitted=day(-4),
               evidence="Stakeholder map with 11 people, three champions, and a plan per blocker.")
    _milestone(plan, "Executive presence course", day(1), status=MilestoneStatus.IN_PROGRESS,
               kind=MilestoneKind.TRAINING_OR_CONFERENCE, area=executive, started=day(-14))
    _milestone(plan, "Present next year's territory plan to Vera", day(7), kind=MilestoneKind.PRESENT_TO_LEADERSHIP,
               area=executive, description="20 minutes with the VP: growth thesis, top five accounts, asks.")
    _milestone(plan, "Mentor a new hire through their first quarter", day(60), kind=MilestoneKind.MENTOR_SOMEONE)
    _milestone(plan, "Pilot multi-threaded outreach on three strategic accounts", day(150),
               kind=MilestoneKind.LEAD_PROJECT, area=committees)
    for kind, offset, text, outside in [
        (ChampionActionKind.INTRODUCTION, -60, "Introduced Ava to Vera for the strategic-accounts review.", False),
        (ChampionActionKind.RECOMMENDATION, -15, "Recommended Ava to lead the EMEA partner pilot.", True),
    ]:
        action = ChampionAction(plan=plan, manager=marco, kind=kind, description=text, outside_team=outside,
                                occurred_on=day(offset))
        action._change_reason = "Demo data"
        action.save()
    ChampionAction.objects.create(plan=plan, manager=marco, kind=ChampionActionKind.READINESS_FEEDBACK,
                                  description="Within 6–12 months: lead two executive briefings end to end.",
                                  occurred_on=day(-20))

    # Ben: a draft he is still shaping.
    plan = _plan(ben, roles["Senior Account Executive"], status=PlanStatus.DRAFT, start=day(0), target=day(300),
                 summary="Get to Senior AE: better discovery and forecasting.")
    area = _area(plan, skills["Discovery questions"], focus=True)
    _milestone(plan, "Discovery call reviews with Marco (six calls)", day(45), kind=MilestoneKind.OTHER, area=area)
    _milestone(plan, "Forecast within 10% for a full quarter", day(120), kind=MilestoneKind.STRETCH_ASSIGNMENT)

    # Dev: submitted, waiting for Marco's approval.
    plan = _plan(dev, roles["Senior Account Executive"], status=PlanStatus.PENDING_APPROVAL, start=day(-3),
                 target=day(270), ambition=Ambition.PROFESSIONAL_PROGRESS,
                 summary="Training on competitive positioning, then apply it on three deals.")
    area = _area(plan, skills["Advanced competitive positioning"], focus=True)
    _area(plan, skills["Deal strategy and forecast accuracy"])
    _milestone(plan, "Competitive selling certification", day(40), kind=MilestoneKind.TRAINING_OR_CONFERENCE, area=area)
    _milestone(plan, "Write the battlecard against our top competitor", day(100), kind=MilestoneKind.CASE_STUDY, area=area)

    # Fay: active mentor plan, nearly done; its target date is exactly 14 days away.
    plan = _plan(fay, roles["Sales Manager"], status=PlanStatus.ACTIVE, start=day(-180), target=day(14),
                 ambition=Ambition.MENTOR, summary="Mentor two juniors with quota relief; test the manager track.",
                 created_by=sam, approved_by=sam, approved_on=day(-176), readiness=Readiness.NOT_YET,
                 readiness_feedback="Strong mentor. Before a manager role: a full quarter running the team forecast.",
                 readiness_updated_by=sam, readiness_updated_at=_moment(day(-40)))
    area = _area(plan, skills["Leadership development"], focus=True)
    for title, offset in [("Mentor Eli weekly for a quarter", -120), ("Document the discovery playbook", -80),
                          ("Lead the team's pipeline review twice", -30)]:
        _milestone(plan, title, day(offset), status=MilestoneStatus.APPROVED, kind=MilestoneKind.MENTOR_SOMEONE,
                   area=area, started=day(offset - 30), submitted=day(offset - 2), decided=day(offset), decided_by=sam,
                   evidence="Done; notes in the team folder.")
    _milestone(plan, "Run the team forecast call for a month", day(10), status=MilestoneStatus.IN_PROGRESS,
               kind=MilestoneKind.STRETCH_ASSIGNMENT, area=area, started=day(-20))
    action = ChampionAction(plan=plan, manager=sam, kind=ChampionActionKind.STRETCH_ASSIGNMENT,
                            description="Gave Fay the team forecast call for a month.", occurred_on=day(-20))
    action.save()
    # Eli has no plan (a signal the warning-signs view can see).


MILESTONE_TITLES = [
    "Shadow an executive briefing", "Competitive selling course", "Case study from a won deal",
    "Lead the team workshop", "Mentor a new hire", "Map a buying committee", "Present to leadership",
    "Forecast within 10% for a quarter", "Pilot a new outreach play", "Best-practice playbook",
]
MILESTONE_KINDS = [
    MilestoneKind.SHADOW_EXECUTIVE, MilestoneKind.TRAINING_OR_CONFERENCE, MilestoneKind.CASE_STUDY,
    MilestoneKind.LEAD_PROJECT, MilestoneKind.MENTOR_SOMEONE, MilestoneKind.STRETCH_ASSIGNMENT,
    MilestoneKind.PRESENT_TO_LEADERSHIP, MilestoneKind.OTHER, MilestoneKind.LEAD_PROJECT, MilestoneKind.CASE_STUDY,
]


def seed_large(*, ids: dict[str, list[int]], today: datetime.date, batch_size: int = 5000) -> str:
    """One plan per rep with ten milestones each (bulk inserts), and archived plans for alumni."""
    rng = random.Random(3)
    roles = list(JobRole.objects.filter(title__in=["Senior Account Executive", "Strategic Account Executive"]))
    role_skills = {role.pk: list(role.role_skills.values_list("skill_id", flat=True)) for role in roles}
    reps = ids.get("reps", [])
    alumni = ids.get("alumni", [])
    managers = dict(
        Person.objects.filter(status=PersonStatus.ACTIVE, manager__isnull=False).values_list("id", "manager_id")
    )
    now = timezone.now()
    statuses = [PlanStatus.ACTIVE] * 8 + [PlanStatus.DRAFT, PlanStatus.PENDING_APPROVAL]
    plans = []
    for person_id in reps:
        start = today - datetime.timedelta(days=rng.randint(30, 300))
        status = rng.choice(statuses)
        plans.append(DevelopmentPlan(
            person_id=person_id, target_role=rng.choice(roles), start_date=start,
            target_date=start + datetime.timedelta(days=rng.randint(330, 400)), status=status,
            approved_by_id=managers.get(person_id) if status == PlanStatus.ACTIVE else None,
            approved_at=now if status == PlanStatus.ACTIVE else None,
        ))
    for person_id in alumni:
        start = today - datetime.timedelta(days=rng.randint(700, 1200))
        plans.append(DevelopmentPlan(person_id=person_id, target_role=rng.choice(roles), start_date=start,
                                     target_date=start + datetime.timedelta(days=365), status=PlanStatus.ARCHIVED))
    plans = DevelopmentPlan.objects.bulk_create(plans, batch_size=batch_size)

    areas = []
    for plan in plans:
        skill_ids = role_skills.get(plan.target_role_id) or []
        for index, skill_id in enumerate(skill_ids[:2]):
            areas.append(GrowthArea(plan_id=plan.pk, skill_id=skill_id, is_focus=index == 0))
    GrowthArea.objects.bulk_create(areas, batch_size=batch_size)

    milestone_count = 0
    batch: list[Milestone] = []
    for plan in plans:
        is_archived = plan.status == PlanStatus.ARCHIVED
        span = (plan.target_date - plan.start_date).days
        decider = managers.get(plan.person_id)
        for index in range(3 if is_archived else 10):
            due = plan.start_date + datetime.timedelta(days=span * (index + 1) // 11)
            if plan.status != PlanStatus.ACTIVE:
                status = MilestoneStatus.PLANNED if not is_archived else MilestoneStatus.CANCELLED
            elif due < today - datetime.timedelta(days=14):
                status = rng.choice([MilestoneStatus.APPROVED] * 4 + [MilestoneStatus.IN_PROGRESS])
            elif due < today + datetime.timedelta(days=14):
                status = rng.choice([MilestoneStatus.IN_PROGRESS, MilestoneStatus.SUBMITTED, MilestoneStatus.PLANNED])
            else:
                status = MilestoneStatus.PLANNED
            decided = status == MilestoneStatus.APPROVED
            batch.append(Milestone(
                plan_id=plan.pk, title=MILESTONE_TITLES[index], kind=MILESTONE_KINDS[index], due_date=due,
                status=status,
                started_at=now if status != MilestoneStatus.PLANNED else None,
                submitted_at=now if status in (MilestoneStatus.SUBMITTED, MilestoneStatus.APPROVED) else None,
                decided_by_id=decider if decided else None, decided_at=now if decided else None,
            ))
            if len(batch) >= batch_size:
                Milestone.objects.bulk_create(batch, batch_size=batch_size)
                milestone_count += len(batch)
                batch = []
    if batch:
        Milestone.objects.bulk_create(batch, batch_size=batch_size)
        milestone_count += len(batch)
    return f"{len(plans):,} plans ({len(alumni):,} archived for alumni), {len(areas):,} growth areas, {milestone_count:,} milestones"
