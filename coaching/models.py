from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from people.models import Person, Tier


class SessionKind(models.TextChoices):
    WEEKLY_1ON1 = "weekly_1on1", "Weekly 1:1"
    MONTHLY_DEEP_DIVE = "monthly_deep_dive", "Monthly deep-dive"
    QUARTERLY_CAREER = "quarterly_career", "Quarterly career conversation"


DEFAULT_MINUTES = {
    SessionKind.WEEKLY_1ON1: 30,
    SessionKind.MONTHLY_DEEP_DIVE: 60,
    SessionKind.QUARTERLY_CAREER: 90,
}


class Conversation(models.TextChoices):
    """The five conversations that keep A-players engaged (DOMAIN.md, from 002)."""

    MASTERY = "mastery", "Mastery session"
    DEAL_REVIEW = "deal_review", "Strategic deal review"
    EXECUTIVE_PRESENCE = "executive_presence", "Executive presence"
    LEADERSHIP = "leadership", "Leadership development"
    RECOGNITION_VISION = "recognition_vision", "Recognition and vision"


OPENING_QUESTIONS = {
    Conversation.MASTERY: "What skill would make you unstoppable if you mastered it?",
    Conversation.DEAL_REVIEW: "What are the three biggest risks to this deal closing?",
    Conversation.EXECUTIVE_PRESENCE: "What would make you confident walking into a CEO meeting?",
    Conversation.LEADERSHIP: "Would you be open to mentoring a new hire?",
    Conversation.RECOGNITION_VISION: "What impact do you want to have here in the next 12 months?",
}


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"
    MISSED = "missed", "Missed"


class CoachingSession(models.Model):
    coach = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="coaching_given")
    coachee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="coaching_received")
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    conversation = models.CharField(max_length=20, choices=Conversation.choices, blank=True)
    scheduled_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    shared_notes = models.TextField(blank=True)
    private_notes = models.TextField(blank=True, help_text="The manager's own notes; never shown to the coachee.")
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(coach=F("coachee")), name="session_not_self_coaching")]
        indexes = [
            models.Index(fields=["coachee", "status", "scheduled_at"]),
            models.Index(fields=["coach", "scheduled_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.coach} with {self.coachee}"

    @property
    def opening_question(self) -> str:
        return OPENING_QUESTIONS.get(self.conversation, "")

    @property
    def agenda_open(self) -> bool:
        """The agenda closes once the session has taken place or been called off."""
        return self.status == SessionStatus.SCHEDULED


class AgendaItem(models.Model):
    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="agenda_items")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class ActionItem(models.Model):
    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="action_items")
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(max_length=500)
    due_date = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    milestone = models.OneToOneField(
        "devplans.Milestone", null=True, blank=True, on_delete=models.SET_NULL, related_name="source_action_item"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class CadencePolicy(models.Model):
    """How often each tier should be coached; HR edits it in the admin. Blank means not required."""

    tier = models.CharField(max_length=10, choices=Tier.choices, unique=True)
    weekly_1on1_every_days = models.PositiveSmallIntegerField(null=True, blank=True, default=7)
    monthly_deep_dive_every_days = models.PositiveSmallIntegerField(null=True, blank=True, default=30)
    quarterly_career_every_days = models.PositiveSmallIntegerField(null=True, blank=True, default=91)
    developmental_gap_days = models.PositiveSmallIntegerField(
        default=30, help_text="Flag anyone in this tier without developmental coaching for longer than this."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "cadence policies"

    def __str__(self) -> str:
        return f"Cadence for {self.get_tier_display()}"


class MentorshipStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    ENDED = "ended", "Ended"


class QuotaRelief(models.Model):
    """Quota taken off one mentor for coaching a group of mentees (DOMAIN.md, from 001).

    The relief is recorded once for the group, not split across pairings, so the DOMAIN example
    (200,000 off a 1,000,000 quota to coach six reps) is stored exactly. Its return is the sum of
    the revenue lift of every pairing in the group minus the amount (see coaching/returns.py).
    A pairing without a group may carry its own `Mentorship.quota_relief` instead.
    """

    mentor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="quota_reliefs")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="quota_relief_not_negative")]

    def __str__(self) -> str:
        return f"{self.amount} relief for {self.mentor}"


class Mentorship(models.Model):
    mentor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mentorships_as_mentor")
    mentee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mentorships_as_mentee")
    goals = models.TextField(blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=MentorshipStatus.choices, default=MentorshipStatus.PROPOSED)
    quota_relief = models.DecimalField(
        max_digits=14, decimal_places=2, default=0, help_text="Taken off the mentor's quota for the pairing's period."
    )
    relief_group = models.ForeignKey(
        QuotaRelief,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentorships",
        help_text="Relief shared by the mentor's group of pairings; when set, it replaces quota_relief.",
    )
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="mentorship_not_self"),
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(status__in=["proposed", "active"]),
                name="one_open_mentorship_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.mentee}"


class ObservationKind(models.TextChoices):
    """Warning signs a manager sees (DOMAIN.md, from 002)."""

    LESS_VOLUNTEERING = "less_volunteering", "Volunteers less"
    FLAT_ENERGY = "flat_energy", "Flat energy in meetings"
    PROFILE_UPDATES = "profile_updates", "Updated professional profiles"
    APPOINTMENTS = "appointments", "Unexplained appointments"
    VESTING_QUESTIONS = "vesting_questions", "Asked about vesting schedules"
    RECRUITER_CONTACT = "recruiter_contact", "Talking to recruiters"


class FlightRiskObservation(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="flight_risk_observations")
    observed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=ObservationKind.choices)
    note = models.TextField(blank=True)
    observed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-observed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"
