"""`manage.py seed_demo [--people N]`: the demo organisation, idempotent; N more people for benchmarks."""
import time

from django.core.management.base import BaseCommand
from django.db import connection

from common.time import organisation_today
from people.models import Person


class Command(BaseCommand):
    help = "Load the demo organisation (CONTRACT.md). Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=0, help="Also build a large organisation of about N people.")

    def handle(self, *args, people: int = 0, **options):
        from insights.demo import demo_load, large_load

        today = organisation_today()
        started = time.monotonic()
        if Person.objects.filter(user__username="hana").exists():
            self.stdout.write("The demo organisation is already loaded; nothing changed.")
        else:
            demo_people = demo_load(today=today)
            self.stdout.write(self.style.SUCCESS(f"Loaded the demo organisation ({len(demo_people)} people)."))
        if people:
            if Person.objects.filter(user__username__startswith="rep").exists():
                self.stdout.write("A large organisation is already loaded; nothing changed.")
                return
            top = Person.objects.get(user__username="vera")
            large_load(count=people, today=today, top=top,
                       report=lambda line: self.stdout.write(f"  {line} ({time.monotonic() - started:.1f}s)"))
            # Fresh statistics after a bulk load, so the query planner reads a manager's approvals
            # through their reports rather than scanning every submitted milestone (SQLite has none
            # until ANALYZE runs; PostgreSQL's autovacuum would get there later).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stdout.write(self.style.SUCCESS(f"Built a large organisation in {time.monotonic() - started:.1f}s."))
