"""Demo coaching history and mentorships, and a large volume of sessions for benchmarks."""
from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from alumni.models import AlumniProfile
from coaching.models import (
    DEFAULT_MINUTES,
    AgendaItem,
    CoachingSession,
    Conversation,
    FlightRiskObservation,
    Mentorship,
    MentorshipStatus,
    ObservationKind,
    QuotaRelief,
    SessionKind,
    SessionStatus,
)
from coaching.selectors import cadence_policies
from people.models import Person, QuotaRecord
from people.selectors import quarter_of

W, M, Q = SessionKind.WEEKLY_1ON1, SessionKind.MONTHLY_DEEP_DIVE, SessionKind.QUARTERLY_CAREER
HELD, MISSED, CANCELLED, SCHEDULED = SessionStatus.HELD, SessionStatus.MISSED, SessionStatus.CANCELLED, SessionStatus.SCHEDULED


def _at(today: datetime.date, days_ago: int, hour: int = 10) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def seed_demo(*, people: dict, today: datetime.date) -> None:
    """Coaching history so marco's team shows a flag (ava), skipped 1:1s and an observation (dev),
    a quarterly career conversation due, upcoming 1:1s with agendas, and two mentorships."""
    cadence_policies()
    marco, sam, ava, ben, dev = (people[k] for k in ("marco", "sam", "ava", "ben", "dev"))
    eli, fay, olga = people["eli"], people["fay"], people["olga"]
    # (coach, coachee, kind, conversation, days ago (negative: upcoming), status, shared notes, private notes)
    plan = [
        # ava, top 20%: 1:1s about pipeline, but the last developmental session was 38 days ago → flagged.
        (marco, ava, M, Conversation.EXECUTIVE_PRESENCE, 38, HELD, "Prepared the CFO meeting at Northwind.", "Ava is ready for strategic accounts."),
        (marco, ava, Q, Conversation.RECOGNITION_VISION, 120, HELD, "Talked about the next 12 months.", "Compensation review due in Q3."),
        (marco, ava, W, "", 5, HELD, "Pipeline review.", ""),
        (marco, ava, W, "", 12, HELD, "Forecast check.", ""),
        (marco, ava, W, "", -2, SCHEDULED, "", ""),
        # ben: recent developmental coaching.
        (marco, ben, W, Conversation.MASTERY, 3, HELD, "Picked discovery questions as the skill to master.", "Needs confidence in pricing talks."),
        (marco, ben, M, Conversation.DEAL_REVIEW, 16, HELD, "Three risks on the Acme deal.", ""),
        (marco, ben, Q, Conversation.LEADERSHIP, 80, HELD, "Open to mentoring a new hire later this year.", ""),
        (marco, ben, W, "", -3, SCHEDULED, "", ""),
        # dev: some coaching, two skipped 1:1s, no quarterly career conversation yet (due).
        (marco, dev, M, Conversation.DEAL_REVIEW, 25, HELD, "Reviewed the Globex renewal.", "Seems disengaged in team meetings."),
        (marco, dev, W, "", 9, MISSED, "", ""),
        (marco, dev, W, "", 23, CANCELLED, "", "Dev cancelled at short notice again."),
        (marco, dev, W, "", 30, HELD, "Objection handling practice.", ""),
        (marco, dev, W, "", -1, SCHEDULED, "", ""),
        # sam's team.
        (sam, fay, M, Conversation.LEADERSHIP, 20, HELD, "Fay agreed to mentor Eli.", ""),
        (sam, fay, W, "", 6, HELD, "Pipeline and mentoring check-in.", ""),
        (sam, eli, W, Conversation.MASTERY, 8, HELD, "Product knowledge plan.", "Directive coaching: demo then practise."),
        (sam, eli, M, "", 40, HELD, "Monthly deep-dive on two opportunities.", ""),
        (sam, eli, W, "", -4, SCHEDULED, "", ""),
    ]
    sessions = []
    for coach, coachee, kind, conversation, days_ago, status, shared, private in plan:
        sessions.append(CoachingSession(
            coach=coach, coachee=coachee, kind=kind, conversation=conversation, scheduled_at=_at(today, days_ago),
            duration_minutes=DEFAULT_MINUTES[kind], status=status, shared_notes=shared, private_notes=private,
            created_by=coach,
        ))
    CoachingSession.objects.bulk_create(sessions)
    upcoming = {s.coachee_id: s for s in sessions if s.status == SCHEDULED}
    agenda = [
        (ava, "Path to Strategic Account Executive: what is missing?"),
        (marco, ava, "Northwind expansion: exec sponsor plan"),
        (ben, "Practise the pricing conversation"),
        (marco, ben, "Q4 forecast accuracy"),
        (dev, "Territory split feels unfair"),
        (marco, dev, "Renewal risks at Globex"),
        (eli, "Demo feedback from last week"),
        (sam, eli, "Discovery call shadowing"),
    ]
    items = []
    for entry in agenda:
        author, coachee, text = (entry[0], entry[0], entry[1]) if len(entry) == 2 else entry
        items.append(AgendaItem(session=upcoming[coachee.pk], author=author, text=text))
    AgendaItem.objects.bulk_create(items)
    FlightRiskObservation.objects.bulk_create([
        FlightRiskObservation(person=dev, observed_by=marco, kind=ObservationKind.FLAT_ENERGY,
                              note="Quiet in the last two team meetings.", observed_on=today - datetime.timedelta(days=12)),
        FlightRiskObservation(person=dev, observed_by=marco, kind=ObservationKind.VESTING_QUESTIONS,
                              note="Asked HR when his next tranche vests.", observed_on=today - datetime.timedelta(days=5)),
    ])

    # Mentorships: fay mentors eli with quota relief; olga (alumna, opted in) mentors ben.
    this_quarter = quarter_of(today)
    start = datetime.date(this_quarter[0], 3 * this_quarter[1] - 2, 1)  # first day of this quarter
    previous = (this_quarter[0], this_quarter[1] - 1) if this_quarter[1] > 1 else (this_quarter[0] - 1, 4)
    relief = QuotaRelief.objects.create(mentor=fay, amount=Decimal("60000"), start_date=start,
                                        note="Room in Fay's target to mentor newer reps")
    Mentorship.objects.bulk_create([
        Mentorship(mentor=fay, mentee=eli, goals="Discovery and product knowledge; shadow two of Fay's calls a month.",
                   start_date=start, status=MentorshipStatus.ACTIVE, relief_group=relief, created_by=sam),
        Mentorship(mentor=olga, mentee=ben, goals="Executive-level selling from someone who now buys.",
                   start_date=start, status=MentorshipStatus.ACTIVE, created_by=marco),
    ])
    # Quota records showing a real lift this quarter over last quarter's baseline.
    for person, lift in ((eli, Decimal("90000")), (ben, Decimal("40000"))):
        baseline = QuotaRecord.objects.filter(person=person, year=previous[0], quarter=previous[1]).first()
        current = QuotaRecord.objects.filter(person=person, year=this_quarter[0], quarter=this_quarter[1]).first()
        if baseline and current:
            current.attained = baseline.attained + lift
            current.save(update_fields=["attained"])
    from people.services import quota_tiers_recompute

    quota_tiers_recompute(year=this_quarter[0], quarter=this_quarter[1])
    AlumniProfile.objects.filter(person=olga).update(open_to_mentoring=True)


def seed_large(*, ids: dict[str, list[int]], today: datetime.date, per_rep: int = 25, batch_size: int = 5000) -> str:
    """About 25 sessions per rep (coached by their manager) and a mentorship per ~20 reps, in bulk."""
    rng = random.Random(4)
    reps = ids.get("reps", [])
    if not reps:
        return "no reps"
    managers = dict(Person.objects.filter(pk__in=reps).values_list("pk", "manager_id"))
    kinds = [W] * 6 + [M] * 2 + [Q]
    conversations = [""] * 3 + list(Conversation.values)
    statuses = [HELD] * 8 + [MISSED, CANCELLED]
    now = timezone.now()
    # Raw executemany: several times faster than building 250,000 model instances.
    columns = ["coach_id", "coachee_id", "kind", "conversation", "scheduled_at", "duration_minutes", "status",
               "shared_notes", "private_notes", "created_by_id", "created_at", "updated_at"]
    table = CoachingSession._meta.db_table
    # The table and column names are the model's own constants and every value is a bound parameter.
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"  # nosec B608
    adapt = connection.ops.adapt_datetimefield_value
    stamp = adapt(now)
    total = 0
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for rep_id in reps:
            coach_id = managers.get(rep_id)
            if coach_id is None:
                continue
            for index in range(per_rep):
                kind = rng.choice(kinds)
                if index == 0:
                    when, status = now + datetime.timedelta(days=rng.randint(1, 7)), SCHEDULED
                else:
                    when = now - datetime.timedelta(days=rng.randint(1, 365), hours=rng.randint(0, 8))
                    status = rng.choice(statuses)
                batch.append((coach_id, rep_id, str(kind), rng.choice(conversations), adapt(when), DEFAULT_MINUTES[kind],
                              str(status), "", "", coach_id, stamp, stamp))
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            total += len(batch)
    start = today - datetime.timedelta(days=120)
    pairs = [
        Mentorship(mentor_id=reps[i], mentee_id=reps[i + 1], start_date=start, status=MentorshipStatus.ACTIVE,
                   quota_relief=Decimal("50000"), goals="Peer mentoring")
        for i in range(0, len(reps) - 1, 20)
    ]
    Mentorship.objects.bulk_create(pairs, batch_size=batch_size)
    return f"{total:,} coaching sessions, {len(pairs):,} mentorships"
