"""`manage.py run_reminders [--date YYYY-MM-DD]`: run the reminder sweeps in-process and say what they sent."""
import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications import kinds
from notifications.models import Notification
from notifications.services import EmailMode


class Command(BaseCommand):
    help = (
        "Run the plan and coaching reminder sweeps for a date (default: today in the organisation's time zone). "
        "Safe to repeat: reminders that already exist are not sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The organisation-local date to run for, YYYY-MM-DD.")
        parser.add_argument("--no-email", action="store_true", help="Create the in-app reminders only.")

    def handle(self, *args, date=None, no_email=False, verbosity=1, **options):
        from coaching import reminders as coaching_reminders
        from common.time import organisation_today
        from devplans import reminders as devplans_reminders
        from notifications.sweeps import run_sweep

        try:
            on = datetime.date.fromisoformat(date) if date else organisation_today()
        except ValueError:
            raise CommandError("--date must be YYYY-MM-DD.") from None
        email = EmailMode.NONE if no_email else EmailMode.INLINE
        started = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
        counts: dict[str, int] = {}
        sweeps = {
            "devplans.tasks.send_due_reminders": devplans_reminders.sweep,
            "coaching.tasks.send_cadence_reminders": coaching_reminders.sweep,
        }
        for name, sweep in sweeps.items():
            for kind, count in run_sweep(sweep, name=name, on=on, email=email).items():
                counts[kind] = counts.get(kind, 0) + count
        total = sum(counts.values())
        self.stdout.write(f"Reminders for {on.isoformat()}: {total} new.")
        for kind in kinds.all_kinds():
            if counts.get(kind.value):
                self.stdout.write(f"  {kind.value}: {counts[kind.value]}")
        if verbosity >= 2:
            for notification in (
                Notification.objects.filter(id__gt=started).select_related("recipient").order_by("kind", "id")
            ):
                email_state = "emailed" if notification.email_sent_at else ("no email" if notification.email_skipped else "email pending")
                self.stdout.write(
                    f"  [{notification.kind}] to {notification.recipient.full_name}: {notification.title} ({email_state})"
                )
