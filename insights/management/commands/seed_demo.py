"""`manage.py seed_demo [--people N]`: the demo organisation, idempotent; N more people for benchmarks."""
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from people.models import Person
from common.time import organisation_today


class Command(BaseCommand):
    help = "Load the demo organisation (CONTRACT.md). Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=0, help="Also build a large organisation of about N people.")

    def handle(self, *args, people: int = 0, **options):
        from alumni import demo as alumni_demo
        from coaching import demo as coaching_demo
        from devplans import demo as devplans_demo
        from insights.setup import hr_group_ensure
        from people import demo as people_demo

        today = organisation_today()
        started = time.monotonic()
        if Person.objects.filter(user__username="hana").exists():
            self.stdout.write("The demo organisation is already loaded; nothing changed.")
        else:
            with transaction.atomic():
                demo_people = people_demo.seed_demo(today=today)
                demo_people["hana"].user.groups.add(hr_group_ensure())
                alumni_demo.seed_demo(people=demo_people, today=today)
                devplans_demo.seed_demo(people=demo_people, today=today)
                coaching_demo.seed_demo(people=demo_people, today=today)
            self.stdout.write(self.style.SUCCESS(f"Loaded the demo organisation ({len(demo_people)} people)."))
        if people:
            if Person.objects.filter(user__username__startswith="rep").exists():
                self.stdout.write("A large organisation is already loaded; nothing changed.")
                return
            top = Person.objects.get(user__username="vera")
            with transaction.atomic():
                ids = people_demo.seed_large(count=people, today=today, top=top)
                alumni_demo.seed_large(ids=ids)
                self.stdout.write(f"  people: {sum(len(v) for v in ids.values()):,} ({time.monotonic() - started:.1f}s)")
                plans = devplans_demo.seed_large(ids=ids, today=today)
                self.stdout.write(f"  plans and milestones: {plans} ({time.monotonic() - started:.1f}s)")
                sessions = coaching_demo.seed_large(ids=ids, today=today)
                self.stdout.write(f"  coaching: {sessions} ({time.monotonic() - started:.1f}s)")
            # Fresh statistics after a bulk load, so the query planner reads a manager's approvals
            # through their reports rather than scanning every submitted milestone (SQLite has none
            # until ANALYZE runs; PostgreSQL's autovacuum would get there later).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stdout.write(self.style.SUCCESS(f"Built a large organisation in {time.monotonic() - started:.1f}s."))
