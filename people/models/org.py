from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

HR_GROUP_NAME = "HR"


class Role(models.TextChoices):
    """What a signed-in person is to Catalyst (CONTRACT.md `role`)."""

    REP = "rep", "Rep"
    MANAGER = "manager", "Manager"
    HR = "hr", "HR"
    ALUMNI = "alumni", "Alumni"


class PersonStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ALUMNI = "alumni", "Alumni"


class Track(models.TextChoices):
    INDIVIDUAL_CONTRIBUTOR = "individual_contributor", "Individual contributor"
    MANAGEMENT = "management", "Management"


class SkillCategory(models.TextChoices):
    """DOMAIN.md: coaching topics differ by tier."""

    FOUNDATION = "foundation", "Foundation (struggling-rep focus)"
    ADVANCED = "advanced", "Advanced (high-performer focus)"


class SkillLevel(models.IntegerChoices):
    FOUNDATIONAL = 1, "Foundational"
    WORKING = 2, "Working"
    ADVANCED = 3, "Advanced"
    MASTERY = 4, "Mastery"


class Tier(models.TextChoices):
    """Quota-attainment tier for a period (DOMAIN.md: top 20% / middle 60% / bottom 20%)."""

    TOP_20 = "top_20", "Top 20%"
    MIDDLE_60 = "middle_60", "Middle 60%"
    BOTTOM_20 = "bottom_20", "Bottom 20%"


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    name = models.CharField(max_length=120, unique=True)
    category = models.CharField(max_length=20, choices=SkillCategory.choices)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class JobRole(models.Model):
    title = models.CharField(max_length=120, unique=True)
    level = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(10)])
    track = models.CharField(max_length=30, choices=Track.choices, default=Track.INDIVIDUAL_CONTRIBUTOR)
    description = models.TextField(blank=True)
    skills = models.ManyToManyField(Skill, through="RoleSkill", related_name="roles", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["track", "level", "title"]

    def __str__(self) -> str:
        return self.title


class RoleSkill(models.Model):
    """A skill a job role needs, at the level the role expects."""

    role = models.ForeignKey(JobRole, on_delete=models.CASCADE, related_name="role_skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="role_skills")
    expected_level = models.PositiveSmallIntegerField(choices=SkillLevel.choices, default=SkillLevel.WORKING)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["role", "skill"], name="unique_skill_per_role")]
        ordering = ["role", "skill__name"]

    def __str__(self) -> str:
        return f"{self.role}: {self.skill} ({self.get_expected_level_display()})"


class Person(models.Model):
    """Everyone Catalyst knows: reps, managers, HR and alumni. Never hard-deleted."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="person")
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    # The key HR systems, SCIM (externalId / employeeNumber), imports and quota feeds match people by.
    employee_id = models.CharField(
        max_length=64, null=True, blank=True, unique=True,
        help_text="The HR system's id for this person (unique when set), used to match imports and feeds.",
    )
    title = models.CharField(max_length=120, blank=True)
    hire_date = models.DateField(null=True, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="direct_reports"
    )
    job_role = models.ForeignKey(JobRole, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    status = models.CharField(max_length=10, choices=PersonStatus.choices, default=PersonStatus.ACTIVE, db_index=True)
    left_on = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(max_length=200, blank=True)
    is_anonymised = models.BooleanField(default=False)
    # The latest invitation to set a password (people.invitations): a new one voids the old link,
    # because the link's signature covers this time.
    invited_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    invitation_accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(condition=~Q(manager=models.F("id")), name="person_not_own_manager"),
        ]
        # By name: every list of people is sorted by it (the admin's pages read 50 of 10,000 in order).
        indexes = [models.Index(fields=["manager", "status"]), models.Index(fields=["full_name", "id"])]

    def __str__(self) -> str:
        return self.full_name

    def clean(self):
        # Unique when set: an empty id is no id (NULL), so any number of people may have none.
        self.employee_id = (self.employee_id or "").strip() or None

    @property
    def is_active_person(self) -> bool:
        return self.status == PersonStatus.ACTIVE

    @property
    def is_alumni(self) -> bool:
        return self.status == PersonStatus.ALUMNI


class QuotaRecord(models.Model):
    """Quota and attainment for one quarter. `tier` is computed across the organisation."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="quota_records")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    quota = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    attained = models.DecimalField(max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)])
    tier = models.CharField(max_length=10, choices=Tier.choices, blank=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-quarter", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year", "quarter"], name="one_quota_record_per_quarter"),
            models.CheckConstraint(condition=Q(quota__gt=0), name="quota_positive"),
        ]
        indexes = [models.Index(fields=["year", "quarter"])]

    def __str__(self) -> str:
        return f"{self.person} {self.period}"

    @property
    def period(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def attainment_percent(self) -> Decimal:
        return (self.attained / self.quota * 100).quantize(Decimal("0.1"))
