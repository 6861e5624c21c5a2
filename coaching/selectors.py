"""Reads for the coaching app. Each answers in a fixed number of queries, whatever the team size.

Definitions used throughout (also in docs/coaching.md):

* A **developmental** session is a HELD session that is about growth rather than pipeline: of kind
  monthly deep-dive or quarterly career conversation, or of any kind with one of the five
  conversations set (mastery, deal review, executive presence, leadership, recognition and vision).
* A top-20% person is **flagged** when they have had no developmental session within the top
  tier's `developmental_gap_days` (30 by default; see `developmental_gap_days()`): with 30, 29 or
  30 days since → not flagged, 31 → flagged, never → flagged.
* A report is **overdue** when any kind their tier's cadence requires is past its due date (last
  held session of that kind + the policy's interval; never held counts as due now and overdue), or
  their developmental gap is longer than their tier's `developmental_gap_days`.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
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
    SessionKind,
    SessionStatus,
)
from common.ids import object_id
from common.time import days_since, organisation_today
from people import access
from people.models import Person, PersonStatus, Tier
from people.selectors import current_tier_subquery, current_tiers, direct_reports

DEVELOPMENTAL_KINDS = (SessionKind.MONTHLY_DEEP_DIVE, SessionKind.QUARTERLY_CAREER)
TIME_BY_TIER_DAYS = 90

# Defaults every tier starts with; HR edits them in the admin (see cadence_policies()).
DEFAULT_POLICIES = {
    # tier: (weekly, monthly, quarterly, developmental gap)
    Tier.TOP_20: (7, 30, 91, 30),
    Tier.MIDDLE_60: (7, 30, 91, 45),
    Tier.BOTTOM_20: (7, 30, 91, 45),
}
POLICY_FIELD_BY_KIND = {
    SessionKind.WEEKLY_1ON1: "weekly_1on1_every_days",
    SessionKind.MONTHLY_DEEP_DIVE: "monthly_deep_dive_every_days",
    SessionKind.QUARTERLY_CAREER: "quarterly_career_every_days",
}


def developmental_q(prefix: str = "") -> Q:
    """Q for held developmental sessions; `prefix` is the path to the session ("coaching_received__")."""
    return Q(**{f"{prefix}status": SessionStatus.HELD}) & (
        Q(**{f"{prefix}kind__in": DEVELOPMENTAL_KINDS}) | ~Q(**{f"{prefix}conversation": ""})
    )


POLICIES_CACHE_KEY = "coaching:cadence-policies:v1"


def forget_cadence_policies(**_kwargs) -> None:
    """Drop the cached policies (connected to CadencePolicy's save and delete, see apps.py)."""
    from django.core.cache import cache

    cache.delete(POLICIES_CACHE_KEY)


def default_policy(tier: str) -> CadencePolicy:
    """The policy a tier has until HR changes it (unsaved)."""
    weekly, monthly, quarterly, gap = DEFAULT_POLICIES[tier]
    return CadencePolicy(
        tier=tier, weekly_1on1_every_days=weekly, monthly_deep_dive_every_days=monthly,
        quarterly_career_every_days=quarterly, developmental_gap_days=gap,
    )


def cadence_policies() -> dict[str, CadencePolicy]:
    """The cadence policy of each tier: HR's where it set one, the default otherwise.

    Kept in the cache (HR edits them rarely; every save or delete through the ORM forgets them),
    so pages and the API read them without a query; 1 query when the cache is cold. Reads only:
    `coaching.services.cadence_policies_ensure` stores the defaults.
    """
    from django.core.cache import cache

    policies = cache.get(POLICIES_CACHE_KEY)
    if policies is None:
        policies = {policy.tier: policy for policy in CadencePolicy.objects.all()}
        for tier in DEFAULT_POLICIES:
            policies.setdefault(tier, default_policy(tier))
        cache.set(POLICIES_CACHE_KEY, policies, 60 * 60)
    return policies


def developmental_gap_days(tier: str = Tier.TOP_20) -> int:
    """Days without developmental coaching after which a rep of `tier` is flagged: the one rule the team
    page, the reminders and the HR dashboard all read (HR edits it as the tier's cadence policy)."""
    return cadence_policies()[tier].developmental_gap_days


# --- sessions ----------------------------------------------------------------------------------


def sessions_visible_to(viewer: Person) -> QuerySet[CoachingSession]:
    """Sessions the viewer may see: their own as coach, and those of anyone in their scope as coachee.

    So the coachee sees their own; the coach sees theirs; the coachee's manager chain and HR see them.
    """
    base = CoachingSession.objects.all()
    return (base.filter(coach=viewer) | access.scope_by_person(viewer, base, person_field="coachee")).distinct()


def session_list(*, viewer: Person) -> QuerySet[CoachingSession]:
    return (
        sessions_visible_to(viewer)
        .select_related("coach", "coachee")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("author")),
            "action_items",
        )
    )


def session_get(*, viewer: Person, session_id) -> CoachingSession:
    """The session if the viewer may see it; 404 otherwise."""
    session_id = object_id(session_id, what="coaching session")
    session = session_list(viewer=viewer).filter(pk=session_id).first()
    if session is None:
        raise Http404("No such coaching session.")
    return session


def coachee_agenda_share(session: CoachingSession) -> int | None:
    """Percent of the agenda items the coachee wrote (DOMAIN: the rep sets half the agenda)."""
    items = list(session.agenda_items.all())
    if not items:
        return None
    return round(100 * sum(1 for item in items if item.author_id == session.coachee_id) / len(items))


def action_item_get(*, viewer: Person, action_item_id) -> ActionItem:
    """The action item if the viewer may see its session; 404 otherwise."""
    action_item_id = object_id(action_item_id, what="action item")
    item = (
        ActionItem.objects.select_related("session__coach", "session__coachee", "owner")
        .filter(pk=action_item_id, session__in=sessions_visible_to(viewer).values("pk"))
        .first()
    )
    if item is None:
        raise Http404("No such action item.")
    return item


# --- cadence -----------------------------------------------------------------------------------


@dataclass
class CadenceRow:
    person: Person
    tier: str | None
    last_developmental: datetime.datetime | None
    days_since: int | None
    next_due: dict[str, datetime.date | None]
    overdue_kinds: list[str]
    overdue: bool
    flagged: bool
    suggested_style: str
    last_held: dict[str, datetime.datetime | None] = field(default_factory=dict)

    @property
    def tier_label(self) -> str:
        return Tier(self.tier).label if self.tier else "No tier"


def with_coaching_facts(people: QuerySet[Person]) -> QuerySet[Person]:
    """Annotate the last held session of each kind and the last developmental one (same query)."""
    held = Q(coaching_received__status=SessionStatus.HELD)
    return people.annotate(
        last_developmental=Max("coaching_received__scheduled_at", filter=developmental_q("coaching_received__")),
        **{
            f"last_{kind}": Max("coaching_received__scheduled_at", filter=held & Q(coaching_received__kind=kind))
            for kind in SessionKind.values
        },
    )


def suggested_style(person: Person, tier: str | None, today: datetime.date) -> str:
    """DOMAIN (004): directive for newer (<1 year) or bottom-20% reps, supportive for top performers."""
    newer = person.hire_date is not None and (today - person.hire_date).days < 365
    if newer or tier == Tier.BOTTOM_20:
        return "directive"
    if tier == Tier.TOP_20:
        return "supportive"
    return "blend"


STYLE_HELP = {
    "directive": "Directive: demonstrate the skill, model it, then watch them do it.",
    "supportive": "Supportive: observe and give expert feedback; act as a mentor.",
    "blend": "A blend: model new skills, coach the familiar ones with questions.",
}


def cadence_row(person: Person, tier: str | None, policies: dict[str, CadencePolicy], today: datetime.date) -> CadenceRow:
    policy = policies.get(tier) or policies[Tier.MIDDLE_60]
    last_developmental = person.last_developmental
    since = days_since(last_developmental, today)
    next_due: dict[str, datetime.date | None] = {}
    last_held: dict[str, datetime.datetime | None] = {}
    overdue_kinds = []
    for kind, policy_field in POLICY_FIELD_BY_KIND.items():
        last = getattr(person, f"last_{kind}")
        last_held[kind] = last
        every = getattr(policy, policy_field)
        if not every:
            next_due[kind] = None
            continue
        due = today if last is None else timezone.localtime(last).date() + datetime.timedelta(days=every)
        next_due[kind] = due
        if last is None or due < today:
            overdue_kinds.append(str(kind))
    gap_exceeded = since is None or since > policy.developmental_gap_days
    top_gap = policies[Tier.TOP_20].developmental_gap_days
    flagged = tier == Tier.TOP_20 and (since is None or since > top_gap)
    return CadenceRow(
        person=person,
        tier=tier,
        last_developmental=last_developmental,
        days_since=since,
        next_due=next_due,
        overdue_kinds=overdue_kinds,
        overdue=bool(overdue_kinds) or gap_exceeded,
        flagged=flagged,
        suggested_style=suggested_style(person, tier, today),
        last_held=last_held,
    )


def cadence_rows(people: list[Person] | QuerySet[Person], *, today: datetime.date | None = None) -> list[CadenceRow]:
    """Cadence facts for these people: 1 query for the people with their facts and tier (the
    policies come from the cache). A list of people already annotated by `with_coaching_facts`
    costs 2 more queries for their tiers unless they carry `current_tier` too."""
    today = today or organisation_today()
    if isinstance(people, QuerySet):
        people = list(with_coaching_facts(people).annotate(current_tier=current_tier_subquery()))
    tiers = _tiers_of(people)
    policies = cadence_policies()
    return [cadence_row(person, tiers.get(person.pk), policies, today) for person in people]


def _tiers_of(people: list[Person]) -> dict[int, str]:
    """Tiers annotated as `current_tier` (no query), else `current_tiers` (2 queries)."""
    if not people:
        return {}
    if all(hasattr(person, "current_tier") for person in people):
        return {person.pk: person.current_tier for person in people if person.current_tier}
    return current_tiers([person.pk for person in people])


def team_cadence_queryset(manager: Person) -> QuerySet[Person]:
    """The manager's active direct reports with their cadence facts and tier (for paginating)."""
    return with_coaching_facts(_direct_reports(manager)).annotate(current_tier=current_tier_subquery())


def _direct_reports(manager: Person) -> QuerySet[Person]:
    """people.selectors.direct_reports, ordered to the row so pages of the cadence never overlap."""
    return direct_reports(manager).order_by("full_name", "id")


# --- where the coaching time goes --------------------------------------------------------------


@dataclass
class TierTime:
    tier: str
    label: str
    minutes: int
    percent: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def coaching_time_by_tier(*, coach: Person, days: int = TIME_BY_TIER_DAYS) -> list[TierTime]:
    """Hours of held sessions the coach gave in the last `days`, by the coachee's current tier (1 query)."""
    since = timezone.now() - datetime.timedelta(days=days)
    per_tier = (
        CoachingSession.objects.filter(coach=coach, status=SessionStatus.HELD, scheduled_at__gte=since)
        .annotate(coachee_tier=current_tier_subquery("coachee_id"))
        .values_list("coachee_tier", "duration_minutes")
    )
    minutes = {tier: 0 for tier in Tier.values}
    minutes[""] = 0
    for tier, spent in per_tier:
        minutes[tier or ""] += spent or 0
    total = sum(minutes.values())
    rows = [
        TierTime(tier=tier, label=Tier(tier).label, minutes=minutes[tier], percent=round(100 * minutes[tier] / total) if total else 0)
        for tier in Tier.values
    ]
    if minutes[""]:
        rows.append(TierTime(tier="", label="No tier", minutes=minutes[""], percent=round(100 * minutes[""] / total)))
    return rows


# --- flight risk -------------------------------------------------------------------------------

OBSERVATION_WEIGHTS = {
    # Months 1–3 of disengagement: subtle.
    ObservationKind.LESS_VOLUNTEERING: 1,
    ObservationKind.FLAT_ENERGY: 1,
    # Months 4–6: a quiet job search; asking about vesting.
    ObservationKind.PROFILE_UPDATES: 2,
    ObservationKind.APPOINTMENTS: 2,
    ObservationKind.VESTING_QUESTIONS: 2,
    # Months 7–9: talking to recruiters.
    ObservationKind.RECRUITER_CONTACT: 3,
}
OBSERVATION_WINDOW_DAYS = 90
# Flight risk's own window, apart from the cadence policy's developmental gap: the risk model
# (docs/flight-risk.md) is scored the same for every tier.
NO_DEVELOPMENTAL_DAYS = 30
NO_PROGRESS_DAYS = 90
SKIPPED_WINDOW_DAYS = 60
SKIPPED_THRESHOLD = 2


@dataclass
class FlightRisk:
    """A person's flight risk, scored as documented in docs/flight-risk.md.

    One point for each signal the system sees itself:
      * no developmental coaching in the last NO_DEVELOPMENTAL_DAYS (30) days,
      * no active development plan,
      * no milestone progress in 90 days (no milestone submitted or approved),
      * skipped 1:1s: at least two weekly 1:1s missed or cancelled in the last 60 days;
    plus each distinct kind of manager observation from the last 90 days, weighted by how late a
    warning sign it is: 1 (less volunteering, flat energy), 2 (profile updates, appointments,
    vesting questions), 3 (recruiter contact).
    Level: score 0–1 low, 2–3 elevated, 4 or more high.
    """

    person: Person
    tier: str | None
    signals: list[str]
    observations: list[FlightRiskObservation]
    score: int
    level: str


RISK_SIGNAL_LABELS = {
    "no_developmental_coaching": f"No developmental coaching in {NO_DEVELOPMENTAL_DAYS} days",
    "no_active_plan": "No active development plan",
    "no_milestone_progress": f"No milestone progress in {NO_PROGRESS_DAYS} days",
    "skipped_one_on_ones": f"Skipped 1:1s ({SKIPPED_THRESHOLD} or more in {SKIPPED_WINDOW_DAYS} days)",
}


def risk_level(score: int) -> str:
    if score >= 4:
        return "high"
    if score >= 2:
        return "elevated"
    return "low"


def flight_risk_people(viewer: Person) -> QuerySet[Person]:
    """Whose risk the viewer may see: their reporting line (HR: every active person), never themself."""
    people = Person.objects.filter(status=PersonStatus.ACTIVE).exclude(pk=viewer.pk)
    if access.is_hr(viewer):
        return people
    return people.filter(id__in=access.reporting_line_ids(viewer))


def with_flight_risk_facts(people: QuerySet[Person], *, today: datetime.date) -> QuerySet[Person]:
    from devplans.models import DevelopmentPlan, Milestone, MilestoneStatus, PlanStatus

    now = timezone.now()
    progress_since = now - datetime.timedelta(days=NO_PROGRESS_DAYS)
    skipped_since = now - datetime.timedelta(days=SKIPPED_WINDOW_DAYS)
    skipped = (
        CoachingSession.objects.filter(
            coachee=OuterRef("pk"),
            kind=SessionKind.WEEKLY_1ON1,
            status__in=[SessionStatus.MISSED, SessionStatus.CANCELLED],
            scheduled_at__gte=skipped_since,
            scheduled_at__lte=now,
        )
        .order_by()
        .values("coachee")
        .annotate(n=Count("pk"))
        .values("n")
    )
    observations_since = today - datetime.timedelta(days=OBSERVATION_WINDOW_DAYS)
    return people.annotate(
        last_developmental=Max("coaching_received__scheduled_at", filter=developmental_q("coaching_received__")),
        has_active_plan=Exists(DevelopmentPlan.objects.filter(person=OuterRef("pk"), status=PlanStatus.ACTIVE)),
        has_recent_progress=Exists(
            Milestone.objects.filter(plan__person=OuterRef("pk")).filter(
                Q(submitted_at__gte=progress_since) | Q(status=MilestoneStatus.APPROVED, decided_at__gte=progress_since)
            )
        ),
        skipped_one_on_ones=Coalesce(Subquery(skipped), 0),
    ).prefetch_related(
        Prefetch(
            "flight_risk_observations",
            queryset=FlightRiskObservation.objects.filter(observed_on__gte=observations_since).select_related("observed_by"),
            to_attr="recent_observations",
        )
    )


def flight_risk_of(person: Person, tier: str | None, today: datetime.date) -> FlightRisk:
    signals = []
    since = days_since(person.last_developmental, today)
    if since is None or since > NO_DEVELOPMENTAL_DAYS:
        signals.append("no_developmental_coaching")
    if not person.has_active_plan:
        signals.append("no_active_plan")
    if not person.has_recent_progress:
        signals.append("no_milestone_progress")
    if person.skipped_one_on_ones >= SKIPPED_THRESHOLD:
        signals.append("skipped_one_on_ones")
    observations = person.recent_observations
    kinds = {observation.kind for observation in observations}
    score = len(signals) + sum(OBSERVATION_WEIGHTS.get(kind, 1) for kind in kinds)
    return FlightRisk(person=person, tier=tier, signals=signals, observations=observations, score=score, level=risk_level(score))


def flight_risks(people: QuerySet[Person] | list[Person], *, today: datetime.date | None = None) -> list[FlightRisk]:
    """Flight risk of each person (2 queries: people with their facts and tier, observations)."""
    today = today or organisation_today()
    if isinstance(people, QuerySet):
        people = list(with_flight_risk_facts(people, today=today).annotate(current_tier=current_tier_subquery()))
    tiers = _tiers_of(people)
    return [flight_risk_of(person, tiers.get(person.pk), today) for person in people]


# --- mentorships -------------------------------------------------------------------------------


def mentorships_visible_to(viewer: Person) -> QuerySet[Mentorship]:
    """Pairings where the viewer may see the mentor or the mentee (themself, their line; HR all)."""
    base = Mentorship.objects.all()
    return (
        access.scope_by_person(viewer, base, person_field="mentor") | access.scope_by_person(viewer, base, person_field="mentee")
    ).distinct()


def mentorship_list(*, viewer: Person) -> QuerySet[Mentorship]:
    return mentorships_visible_to(viewer).select_related("mentor", "mentee", "relief_group")


def mentorship_get(*, viewer: Person, mentorship_id) -> Mentorship:
    """The pairing if the viewer may see it; 404 otherwise."""
    mentorship_id = object_id(mentorship_id, what="mentorship")
    mentorship = mentorship_list(viewer=viewer).filter(pk=mentorship_id).first()
    if mentorship is None:
        raise Http404("No such mentorship.")
    return mentorship


def team_mentorships_with_groups(*, people_ids: list[int]) -> tuple[list[Mentorship], list[Mentorship]]:
    """(the team's open pairings: not ended, with a team member as mentor or mentee; every pairing
    sharing a relief group with them), in one query; pass the second to
    `mentorship_returns(..., relief_groups=...)`."""
    in_team = Q(mentor_id__in=people_ids) | Q(mentee_id__in=people_ids)
    team_groups = (
        Mentorship.objects.filter(in_team, relief_group__isnull=False)
        .exclude(status=MentorshipStatus.ENDED)
        .values("relief_group_id")
    )
    team, grouped = [], []
    for pairing in (
        Mentorship.objects.filter((in_team & ~Q(status=MentorshipStatus.ENDED)) | Q(relief_group_id__in=team_groups))
        .select_related("mentor", "mentee", "relief_group")
    ):
        if pairing.status != MentorshipStatus.ENDED and (pairing.mentor_id in people_ids or pairing.mentee_id in people_ids):
            team.append(pairing)
        if pairing.relief_group_id:
            grouped.append(pairing)
    return team, grouped


@dataclass
class TeamMember:
    """A direct report on the team page: the person (with `current_tier`), cadence, flight risk."""

    person: Person
    cadence: CadenceRow
    risk: FlightRisk | None


def team_members(*, manager: Person, viewer: Person, today: datetime.date | None = None) -> list[TeamMember]:
    """The manager's active direct reports with their cadence and flight risk (2 queries: the people
    with every fact and their tier in one, their recent observations; the policies are cached).

    The flight risk is shown for the reports `flight_risk_people(viewer)` covers: the viewer may
    open this team, so its reports are in the viewer's line (HR: everyone active), except the
    viewer themself.
    """
    today = today or organisation_today()
    people = list(
        with_flight_risk_facts(with_coaching_facts(_direct_reports(manager)), today=today).annotate(
            current_tier=current_tier_subquery(),
            manages_anyone=Exists(Person.objects.filter(manager_id=OuterRef("pk"), status=PersonStatus.ACTIVE)),
        )
    )
    policies = cadence_policies()
    members = []
    for person in people:
        tier = person.current_tier or None
        risk = flight_risk_of(person, tier, today) if person.pk != viewer.pk else None
        members.append(TeamMember(person=person, cadence=cadence_row(person, tier, policies, today), risk=risk))
    return members


def upcoming_sessions_for(person: Person, *, limit: int = 3) -> list[CoachingSession]:
    """The person's next scheduled sessions as coachee, soonest first, with their agenda size (1 query).

    For the rep's own plan page: where they add what they want to talk about to their next 1:1.
    """
    since = timezone.now() - datetime.timedelta(hours=2)
    return list(
        CoachingSession.objects.filter(coachee=person, status=SessionStatus.SCHEDULED, scheduled_at__gte=since)
        .select_related("coach")
        .annotate(agenda_count=Count("agenda_items"))
        .order_by("scheduled_at", "pk")[:limit]
    )
