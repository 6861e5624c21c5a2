"""The demo organisation of CONTRACT.md, put together from each app's part (`manage.py seed_demo`)."""
from __future__ import annotations

import datetime

from django.db import transaction

from alumni import demo as alumni_demo
from coaching import demo as coaching_demo
from devplans import demo as devplans_demo
from insights.setup import hr_group_ensure
from people import demo as people_demo
from people.models import Person


@transaction.atomic
def demo_load(*, today: datetime.date) -> dict[str, Person]:
    """The demo people, their plans, coaching and alumni profiles. Returns the people by username."""
    people = people_demo.seed_demo(today=today)
    people["hana"].user.groups.add(hr_group_ensure())
    alumni_demo.seed_demo(people=people, today=today)
    devplans_demo.seed_demo(people=people, today=today)
    coaching_demo.seed_demo(people=people, today=today)
    return people


def large_load(*, count: int, today: datetime.date, top: Person, report=lambda line: None) -> dict[str, list[int]]:
    """About `count` more people in the demo's shape, for the benchmark. `report` hears progress."""
    with transaction.atomic():
        ids = people_demo.seed_large(count=count, today=today, top=top)
        alumni_demo.seed_large(ids=ids)
        report(f"people: {sum(len(v) for v in ids.values()):,}")
        report(f"plans and milestones: {devplans_demo.seed_large(ids=ids, today=today)}")
        report(f"coaching: {coaching_demo.seed_large(ids=ids, today=today)}")
    return ids
