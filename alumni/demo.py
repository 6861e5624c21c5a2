"""The alumni side of the demo organisation: olga opted in to the directory, paul did not."""
from __future__ import annotations

import datetime
import random

from django.utils import timezone

from alumni.models import AlumniProfile
from people.models import Person


def seed_demo(*, people: dict[str, Person], today: datetime.date) -> None:
    now = timezone.now()
    AlumniProfile.objects.create(
        person=people["olga"], directory_opt_in=True, consent_changed_at=now,
        current_company="Northwind Systems", current_title="VP Partnerships", location="Seattle, WA",
        public_contact="olga.petrova@northwind.example", open_to_mentoring=True, open_to_referrals=True,
        open_to_partnership=True,
    )
    AlumniProfile.objects.create(
        person=people["paul"], directory_opt_in=False, current_company="Globex", current_title="Account Director",
        location="Boston, MA", public_contact="paul@globex.example", open_to_returning=True,
    )


def seed_large(*, ids: dict[str, list[int]], batch_size: int = 2000) -> int:
    """A profile for every alumnus of the large organisation; two in three opted in."""
    rng = random.Random(20261125)
    AlumniProfile.objects.bulk_create(
        [AlumniProfile(person_id=person_id, directory_opt_in=i % 3 != 0, current_company=f"Company {i % 97}",
                       current_title=rng.choice(["Account Director", "VP Sales", "Founder", "Sales Manager"]),
                       open_to_mentoring=i % 2 == 0, open_to_referrals=i % 3 == 0)
         for i, person_id in enumerate(ids["alumni"])],
        batch_size=batch_size,
    )
    return len(ids["alumni"])
