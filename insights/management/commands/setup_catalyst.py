"""`manage.py setup_catalyst [--hr-username U --hr-email E]`: prepare an empty database for a real
organisation. Re-running it changes nothing."""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from people.models import Person


class Command(BaseCommand):
    help = (
        "Prepare the database for a real organisation: the HR group and its permissions, the default cadence "
        "policies, the skill catalogue and job roles, the reminder schedules; with --hr-username and --hr-email "
        "also the first HR person, who is emailed an invitation to set their password. Creates no demo users."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hr-username", help="Username of the first HR person.")
        parser.add_argument("--hr-email", help="Their email address: the invitation to set a password goes there.")
        parser.add_argument("--hr-name", help="Their full name (default: the username).")

    def handle(self, *args, hr_username=None, hr_email=None, hr_name=None, **options):
        from insights.setup import catalyst_setup, first_hr_person_create

        if bool(hr_username) != bool(hr_email):
            raise CommandError("Give --hr-username and --hr-email together.")
        with transaction.atomic():
            done = catalyst_setup()
        self.stdout.write(
            f"HR group ready ({done['hr_permissions']} permissions); cadence policies: {done['cadence_policies']} new; "
            f"skills: {done['skills']}, job roles: {done['job_roles']}; reminder schedules: {done['schedules']} new."
        )
        if not hr_username:
            return
        existing = Person.objects.filter(user__username__iexact=hr_username).first()
        if existing is not None:
            self.stdout.write(f"{hr_username} already exists; nothing changed.")
            return
        try:
            person = first_hr_person_create(username=hr_username, email=hr_email, full_name=hr_name or hr_username)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Created {person.user.username} in the HR group and emailed {person.email} an invitation to set a password."
        ))
