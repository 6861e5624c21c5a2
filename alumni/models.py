from django.db import models
from simple_history.models import HistoricalRecords

from people.models import Person


class AlumniProfile(models.Model):
    """What an alumnus shows the network. They control it; the directory shows it only on opt-in."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="alumni_profile")
    directory_opt_in = models.BooleanField(default=False)
    consent_changed_at = models.DateTimeField(null=True, blank=True)
    current_company = models.CharField(max_length=200, blank=True)
    current_title = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    public_contact = models.CharField(max_length=200, blank=True, help_text="Shown in the directory.")
    open_to_mentoring = models.BooleanField(default=False)
    open_to_referrals = models.BooleanField(default=False)
    open_to_partnership = models.BooleanField(default=False)
    open_to_returning = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        indexes = [models.Index(fields=["directory_opt_in"])]

    def __str__(self) -> str:
        return f"Alumni profile of {self.person}"


class ContributionKind(models.TextChoices):
    REFERRAL = "referral", "Candidate referral"
    CLIENT_OPPORTUNITY = "client_opportunity", "Client opportunity"
    PARTNERSHIP = "partnership", "Partnership"
    BOOMERANG_INTEREST = "boomerang_interest", "Boomerang interest"


class ContributionStatus(models.TextChoices):
    OPEN = "open", "Open"
    WON = "won", "Won"
    LOST = "lost", "Lost"


class AlumniContribution(models.Model):
    """Business the alumni network brings: referrals, deals, partnerships, boomerang interest."""

    alumnus = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="alumni_contributions")
    kind = models.CharField(max_length=30, choices=ContributionKind.choices)
    description = models.TextField(blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    status = models.CharField(max_length=10, choices=ContributionStatus.choices, default=ContributionStatus.OPEN)
    occurred_on = models.DateField()
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.alumnus}"


class OffboardingRecord(models.Model):
    """What happened when someone left (or came back): kept for the audit trail."""

    class Action(models.TextChoices):
        OFFBOARDED = "offboarded", "Offboarded"
        REHIRED = "rehired", "Re-hired (boomerang)"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="offboarding_records")
    action = models.CharField(max_length=20, choices=Action.choices)
    effective_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)
    reports_moved_to = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.JSONField(default=dict, blank=True)
    performed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_action_display()} {self.effective_on}"


class ErasureRecord(models.Model):
    """Proof that an alumnus was anonymised on request, without naming them again."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="erasure_record")
    requested_on = models.DateField()
    performed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    performed_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Erasure of person #{self.person_id}"
