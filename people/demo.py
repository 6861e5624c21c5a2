"""The demo organisation of CONTRACT.md, and a large one of the same shape for benchmarks."""
from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from people.models import (
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
from people.selectors import quarter_of
from people.services import quota_tiers_recompute
from people.tiers import compute_tiers

User = get_user_model()

# DOMAIN.md (from 002): coaching topics differ by tier.
SKILL_CATALOGUE = {
    SkillCategory.FOUNDATION: [
        ("Product knowledge", "Knows the product and where it wins."),
        ("Discovery questions", "Uncovers real pain and buying criteria."),
        ("Handling common objections", "Answers the usual objections with confidence."),
        ("Time management", "Spends selling time where it pays."),
        ("Confidence", "Holds their ground in difficult conversations."),
    ],
    SkillCategory.ADVANCED: [
        ("Advanced competitive positioning", "Wins against strong, well-known competitors."),
        ("Executive-level selling", "Sells to the C-suite in its own language."),
        ("Complex buying committees", "Navigates many stakeholders with different stakes."),
        ("Deal strategy and forecast accuracy", "Plans deals and calls them accurately."),
        ("Leadership development", "Leads projects and develops others."),
    ],
}

ROLES = [
    # title, level, track, [(skill, expected level)]
    ("Account Executive", 2, Track.INDIVIDUAL_CONTRIBUTOR, [
        ("Product knowledge", SkillLevel.ADVANCED), ("Discovery questions", SkillLevel.ADVANCED),
        ("Handling common objections", SkillLevel.ADVANCED), ("Time management", SkillLevel.WORKING)]),
    ("Senior Account Executive", 3, Track.INDIVIDUAL_CONTRIBUTOR, [
        ("Discovery questions", SkillLevel.MASTERY), ("Advanced competitive positioning", SkillLevel.ADVANCED),
        ("Deal strategy and forecast accuracy", SkillLevel.ADVANCED), ("Complex buying committees", SkillLevel.WORKING)]),
    ("Strategic Account Executive", 4, Track.INDIVIDUAL_CONTRIBUTOR, [
        ("Executive-level selling", SkillLevel.MASTERY), ("Complex buying committees", SkillLevel.MASTERY),
        ("Advanced competitive positioning", SkillLevel.MASTERY), ("Deal strategy and forecast accuracy", SkillLevel.MASTERY)]),
    ("Sales Manager", 5, Track.MANAGEMENT, [
        ("Leadership development", SkillLevel.ADVANCED), ("Deal strategy and forecast accuracy", SkillLevel.MASTERY),
        ("Time management", SkillLevel.ADVANCED)]),
    ("VP Sales", 7, Track.MANAGEMENT, [
        ("Leadership development", SkillLevel.MASTERY), ("Executive-level selling", SkillLevel.MASTERY)]),
    ("HR Business Partner", 3, Track.INDIVIDUAL_CONTRIBUTOR, []),
]

# username, full name, title, team, manager, job role, years of service
DEMO_PEOPLE = [
    ("hana", "Hana Okafor", "HR Business Partner", "People", None, "HR Business Partner", 6),
    ("vera", "Vera Lindqvist", "VP Sales", "Sales Leadership", None, "VP Sales", 8),
    ("marco", "Marco Bianchi", "Sales Manager, Enterprise West", "Enterprise West", "vera", "Sales Manager", 5),
    ("sam", "Sam Adeyemi", "Sales Manager, Mid-Market East", "Mid-Market East", "vera", "Sales Manager", 4),
    ("ava", "Ava Chen", "Senior Account Executive", "Enterprise West", "marco", "Senior Account Executive", 4),
    ("ben", "Ben Novak", "Account Executive", "Enterprise West", "marco", "Account Executive", 2),
    ("dev", "Dev Patel", "Account Executive", "Enterprise West", "marco", "Account Executive", 3),
    ("eli", "Eli Romero", "Account Executive", "Mid-Market East", "sam", "Account Executive", 1),
    ("fay", "Fay Dubois", "Senior Account Executive", "Mid-Market East", "sam", "Senior Account Executive", 3),
    ("olga", "Olga Petrova", "Senior Account Executive", "Enterprise West", "marco", "Senior Account Executive", 5),
    ("paul", "Paul Gruber", "Account Executive", "Mid-Market East", "sam", "Account Executive", 2),
]

# Attainment (% of quota) over the last four quarters, oldest first.
DEMO_ATTAINMENT = {
    "ava": [131, 138, 144, 140],
    "ben": [96, 101, 94, 98],
    "dev": [84, 79, 88, 82],
    "eli": [58, 66, 61, 64],
    "fay": [112, 109, 118, 115],
    "olga": [126, 133, 0, 0],
    "paul": [91, 87, 0, 0],
}
QUOTA = {"Account Executive": Decimal("800000"), "Senior Account Executive": Decimal("1000000")}


def last_quarters(today: datetime.date, count: int) -> list[tuple[int, int]]:
    year, quarter = quarter_of(today)
    periods = []
    for _ in range(count):
        periods.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return list(reversed(periods))


def ensure_catalogue() -> tuple[dict[str, Skill], dict[str, JobRole]]:
    skills = {}
    for category, entries in SKILL_CATALOGUE.items():
        for name, description in entries:
            skills[name], _ = Skill.objects.get_or_create(
                name=name, defaults={"category": category, "description": description}
            )
    roles = {}
    for title, level, track, role_skills in ROLES:
        roles[title], _ = JobRole.objects.get_or_create(title=title, defaults={"level": level, "track": track})
        for skill_name, expected in role_skills:
            RoleSkill.objects.get_or_create(role=roles[title], skill=skills[skill_name], defaults={"expected_level": expected})
    return skills, roles


def seed_demo(*, today: datetime.date) -> dict[str, Person]:
    """Create the demo organisation. Returns the people by username."""
    _, roles = ensure_catalogue()
    password = make_password(settings.CATALYST["DEMO_PASSWORD"])
    teams = {}
    people: dict[str, Person] = {}
    for username, full_name, title, team_name, manager, role_title, years in DEMO_PEOPLE:
        if team_name not in teams:
            teams[team_name], _ = Team.objects.get_or_create(name=team_name)
        user = User.objects.create(
            username=username,
            email=f"{username}@catalyst.example",
            password=password,
            first_name=full_name.split()[0],
            last_name=full_name.split()[-1],
            is_staff=username == "hana",
        )
        people[username] = Person.objects.create(
            user=user,
            full_name=full_name,
            email=user.email,
            title=title,
            hire_date=today - datetime.timedelta(days=365 * years + 30),
            team=teams[team_name],
            manager=people.get(manager) if manager else None,
            job_role=roles[role_title],
        )

    periods = last_quarters(today, 4)
    records = []
    for username, percents in DEMO_ATTAINMENT.items():
        quota = QUOTA[people[username].job_role.title]
        for (year, quarter), percent in zip(periods, percents, strict=True):
            if percent:
                records.append(QuotaRecord(person=people[username], year=year, quarter=quarter, quota=quota,
                                           attained=quota * percent / 100))
    QuotaRecord.objects.bulk_create(records)
    for year, quarter in periods:
        quota_tiers_recompute(year=year, quarter=quarter)

    # Alumni: olga left for a partner company and opted in; paul left and did not.
    departures = {
        "olga": (today - datetime.timedelta(days=170), "Joined Northwind Systems as VP Partnerships"),
        "paul": (today - datetime.timedelta(days=160), "Moved to another company"),
    }
    for username, (left_on, reason) in departures.items():
        person = people[username]
        person.status, person.left_on, person.leaving_reason = PersonStatus.ALUMNI, left_on, reason
        person.save(update_fields=["status", "left_on", "leaving_reason"])
    return people


FIRST_NAMES = ["Alex", "Sam", "Jordan", "Taylor", "Morgan", "Riley", "Casey", "Jamie", "Quinn", "Avery",
               "Rowan", "Skyler", "Emerson", "Harper", "Kai", "Noor", "Iris", "Mateo", "Lena", "Omar"]
LAST_NAMES = ["Smith", "Garcia", "Kim", "Müller", "Rossi", "Nakamura", "Okafor", "Silva", "Novak", "Dubois",
              "Jensen", "Kowalski", "Haddad", "Lopez", "Nguyen", "Brown", "Ivanova", "Costa", "Singh", "Walsh"]


def seed_large(*, count: int, today: datetime.date, top: Person | None = None, batch_size: int = 2000) -> dict[str, list[int]]:
    """Add about `count` people in the demo's shape: VPs over managers over teams of about 12 reps.

    Ten per cent are alumni. Returns person ids by kind ("vps", "managers", "reps", "alumni").
    Fast by construction (10,000 people in a few seconds): one password hash shared by every
    user, bulk inserts throughout, and quota tiers computed in memory before the records are
    inserted instead of recomputed with row-by-row updates afterwards.
    """
    rng = random.Random(20261124)
    _, roles = ensure_catalogue()
    password = make_password(settings.CATALYST["DEMO_PASSWORD"])
    alumni_count = count // 10
    active = count - alumni_count
    # One manager for every 13 active people: teams of about 12 reps (the cadence benchmark's shape).
    managers_count = max(1, active // 13)
    vps_count = max(1, managers_count // 10)
    reps_count = active - managers_count - vps_count
    start = Person.objects.count()

    def make_people(n: int, prefix: str, role: JobRole, team_for, manager_for, status=PersonStatus.ACTIVE) -> list[Person]:
        users = User.objects.bulk_create(
            [User(username=f"{prefix}{start + i:06d}", email=f"{prefix}{start + i:06d}@catalyst.example", password=password)
             for i in range(n)],
            batch_size=batch_size,
        )
        people = [
            Person(
                user=user,
                full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                email=user.email,
                title=role.title,
                hire_date=today - datetime.timedelta(days=rng.randint(60, 3000)),
                team=team_for(i),
                manager=manager_for(i),
                job_role=role,
                status=status,
                left_on=today - datetime.timedelta(days=rng.randint(30, 900)) if status == PersonStatus.ALUMNI else None,
            )
            for i, user in enumerate(users)
        ]
        return Person.objects.bulk_create(people, batch_size=batch_size)

    vps = make_people(vps_count, "vp", roles["VP Sales"], lambda i: None, lambda i: top)
    teams = Team.objects.bulk_create([Team(name=f"Region {start}-{i:05d}") for i in range(managers_count)], batch_size=batch_size)
    managers = make_people(managers_count, "mgr", roles["Sales Manager"], lambda i: teams[i], lambda i: vps[i % vps_count])
    rep_roles = [roles["Account Executive"], roles["Senior Account Executive"]]
    reps = []
    for role_index, role in enumerate(rep_roles):
        share = reps_count // 2 if role_index == 0 else reps_count - reps_count // 2
        offset = len(reps)
        reps += make_people(share, f"rep{role_index}", role, lambda i, o=offset: teams[(o + i) % managers_count],
                            lambda i, o=offset: managers[(o + i) % managers_count])
    alumni = make_people(alumni_count, "alum", roles["Account Executive"], lambda i: None, lambda i: None,
                         status=PersonStatus.ALUMNI)
    quota = Decimal("1000000")
    records = []
    for year, quarter in last_quarters(today, 4):
        new_records = [
            QuotaRecord(person=person, year=year, quarter=quarter, quota=quota,
                        attained=quota * Decimal(rng.randint(40, 160)) / 100)
            for person in reps
        ]
        _assign_tiers(year=year, quarter=quarter, new_records=new_records)
        records += new_records
    QuotaRecord.objects.bulk_create(records, batch_size=batch_size)
    return {
        "vps": [p.pk for p in vps],
        "managers": [p.pk for p in managers],
        "reps": [p.pk for p in reps],
        "alumni": [p.pk for p in alumni],
    }


def _assign_tiers(*, year: int, quarter: int, new_records: list[QuotaRecord]) -> None:
    """Set the tier of records about to be inserted, ranked with the quarter's existing active records.

    The outcome is what `quota_tiers_recompute` gives after the insert, without its per-row updates:
    only existing records whose tier moves are updated (the demo organisation's handful).
    """
    existing = list(
        QuotaRecord.objects.filter(year=year, quarter=quarter, person__status=PersonStatus.ACTIVE).only(
            "id", "quota", "attained", "tier"
        )
    )
    tiers = compute_tiers(
        [(("existing", record.pk), record.attained / record.quota) for record in existing]
        + [(("new", index), record.attained / record.quota) for index, record in enumerate(new_records)]
    )
    for index, record in enumerate(new_records):
        record.tier = tiers[("new", index)]
    changed = []
    for record in existing:
        if record.tier != tiers[("existing", record.pk)]:
            record.tier = tiers[("existing", record.pk)]
            changed.append(record)
    QuotaRecord.objects.bulk_update(changed, ["tier"], batch_size=500)
