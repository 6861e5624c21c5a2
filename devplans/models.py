from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from people.models import JobRole, Person, Skill


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING_APPROVAL = "pending_approval", "Pending approval"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    ARCHIVED = "archived", "Archived"


OPEN_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.PENDING_APPROVAL, PlanStatus.ACTIVE)


class Ambition(models.TextChoices):
    """What the person wants from the plan: a next role or one of five growth opportunities."""

    NEXT_ROLE = "next_role", "Next role"
    VOICE_IN_THE_BUSINESS = "voice_in_the_business", "A voice in the business"
    GIVE_BACK = "give_back", "Give back"
    MENTOR = "mentor", "Mentor others"
    BURNOUT_RELIEF = "burnout_relief", "Remove the source of burnout"
    PROFESSIONAL_PROGRESS = "professional_progress", "Professional progress"


class Readiness(models.TextChoices):
    NOT_YET = "not_yet", "Not yet"
    WITHIN_6_12_MONTHS = "within_6_12_months", "Within 6–12 months"
    READY_NOW = "ready_now", "Ready now"


class DevelopmentPlan(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="development_plans")
    target_role = models.ForeignKey(JobRole, null=True, blank=True, on_delete=models.PROTECT, related_name="plans")
    ambition = models.CharField(max_length=30, choices=Ambition.choices, default=Ambition.NEXT_ROLE)
    summary = models.TextField(blank=True, help_text="The ambition in the person's own words.")
    start_date = models.DateField()
    target_date = models.DateField()
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True)
    readiness = models.CharField(max_length=20, choices=Readiness.choices, default=Readiness.NOT_YET)
    readiness_feedback = models.TextField(blank=True)
    readiness_updated_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    readiness_updated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(target_date__gte=F("start_date")), name="plan_target_after_start"),
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        target = self.target_role or self.get_ambition_display()
        return f"{self.person}: {target}"


class GrowthArea(models.Model):
    """A skill of the target role the person works on; at most two are mastery-level focus areas."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="growth_areas")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="growth_areas")
    is_focus = models.BooleanField(default=False, help_text="A mastery-level focus area (at most two per plan).")
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_focus", "skill__name"]
        constraints = [models.UniqueConstraint(fields=["plan", "skill"], name="unique_growth_area_per_plan")]

    def __str__(self) -> str:
        return f"{self.skill}{' (focus)' if self.is_focus else ''}"


class MilestoneKind(models.TextChoices):
    TRAINING_OR_CONFERENCE = "training_or_conference", "Training or conference"
    STRETCH_ASSIGNMENT = "stretch_assignment", "Stretch assignment"
    LEAD_PROJECT = "lead_project", "Lead a project"
    MENTOR_SOMEONE = "mentor_someone", "Mentor someone"
    SHADOW_EXECUTIVE = "shadow_executive", "Shadow an executive"
    PRESENT_TO_LEADERSHIP = "present_to_leadership", "Present to leadership"
    CASE_STUDY = "case_study", "Write a case study or best-practice playbook"
    GIVE_BACK = "give_back", "Give-back time"
    OTHER = "other", "Other"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    CANCELLED = "cancelled", "Cancelled"


OPEN_MILESTONE_STATUSES = (
    MilestoneStatus.PLANNED,
    MilestoneStatus.IN_PROGRESS,
    MilestoneStatus.CHANGES_REQUESTED,
)
# Approved or cancelled: nothing more happens to the milestone; it is never overdue.
CLOSED_MILESTONE_STATUSES = (MilestoneStatus.APPROVED, MilestoneStatus.CANCELLED)


class Milestone(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="milestones")
    growth_area = models.ForeignKey(GrowthArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=30, choices=MilestoneKind.choices, default=MilestoneKind.OTHER)
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED, db_index=True)
    evidence = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["plan", "due_date"]), models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title


class ChampionActionKind(models.TextChoices):
    """What a manager does as the person's career champion."""

    INTRODUCTION = "introduction", "Introduction to a senior leader"
    RECOMMENDATION = "recommendation", "Recommendation for an opportunity"
    STRETCH_ASSIGNMENT = "stretch_assignment", "Stretch assignment"
    READINESS_FEEDBACK = "readiness_feedback", "Readiness feedback"


class ChampionAction(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="champion_actions")
    manager = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="champion_actions")
    kind = models.CharField(max_length=30, choices=ChampionActionKind.choices)
    description = models.TextField()
    outside_team = models.BooleanField(default=False, help_text="For recommendations: an opportunity outside the team.")
    occurred_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.plan.person}"
