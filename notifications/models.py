import secrets

from django.db import models

from notifications.kinds import kind_choices
from people.models import Person


class Notification(models.Model):
    """An in-app reminder (and, unless turned off, an email). Unique by its natural key."""

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40, choices=kind_choices)
    subject_key = models.CharField(max_length=80, help_text="What it is about, e.g. milestone:42.")
    period = models.CharField(max_length=40, help_text="When it applies, e.g. the local date or ISO week.")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    # The email is claimed by one sender at a time (a conditional UPDATE); a claim older than
    # notifications.services.EMAIL_CLAIM_SECONDS is considered abandoned (the worker died) and may be taken over.
    email_claim_token = models.CharField(max_length=32, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_skipped = models.BooleanField(default=False, help_text="No email: the recipient turned this kind off.")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_key", "period"], name="notification_natural_key"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["kind", "period"], name="notification_kind_period"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """A person's choice to receive a kind of reminder by email (in-app ones always stay).

    Without a row the kind's own default applies (notifications.kinds)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=40, choices=kind_choices)
    email_enabled = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} email {'on' if self.email_enabled else 'off'}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private iCalendar feed: whoever holds the URL can read it, so it can be rotated."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"


class SweepRun(models.Model):
    """A reminder sweep that finished for one organisation-local date.

    The schedule's sweep reads the latest row to catch up on the dates it missed (a failed run, a
    beat that could not reach the broker), and HR can see in the admin that the reminders ran."""

    sweep = models.CharField(max_length=100, help_text="The task that ran, e.g. devplans.tasks.send_due_reminders.")
    date = models.DateField(help_text="The organisation-local date the sweep was for.")
    finished_at = models.DateTimeField()
    created = models.JSONField(default=dict, blank=True, help_text="Reminders this run created, per kind.")
    runs = models.PositiveIntegerField(default=1, help_text="How many times the sweep ran for this date.")

    class Meta:
        ordering = ["-date", "sweep"]
        constraints = [models.UniqueConstraint(fields=["sweep", "date"], name="one_sweep_run_per_date")]

    def __str__(self) -> str:
        return f"{self.sweep} for {self.date}"
