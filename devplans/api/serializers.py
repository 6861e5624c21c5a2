"""Shapes of the devplans API: output serializers, and small input serializers that only parse."""
from rest_framework import serializers

from common.api import strict
from common.ids import MAX_ID
from common.time import organisation_today
from devplans.models import (
    Ambition,
    ChampionAction,
    ChampionActionKind,
    DevelopmentPlan,
    GrowthArea,
    Milestone,
    MilestoneKind,
    Readiness,
)
from devplans.selectors import milestone_is_overdue, progress_of
from people.models import JobRole, Skill


class GrowthAreaSerializer(strict.ModelSerializer):
    skill_name = strict.CharField(source="skill.name", read_only=True)

    class Meta:
        model = GrowthArea
        fields = ["id", "skill", "skill_name", "is_focus", "notes"]
        read_only_fields = fields


class MilestoneSerializer(strict.ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = [
            "id", "plan", "title", "description", "kind", "due_date", "status", "growth_area", "overdue",
            "evidence", "started_at", "submitted_at", "decided_by", "decided_at", "decision_comment",
        ]
        read_only_fields = fields

    def get_overdue(self, milestone: Milestone) -> bool:
        today = self.context.get("today") or organisation_today()
        return milestone_is_overdue(milestone, today)


class ChampionActionSerializer(strict.ModelSerializer):
    manager_name = strict.CharField(source="manager.full_name", read_only=True)

    class Meta:
        model = ChampionAction
        fields = ["id", "plan", "manager", "manager_name", "kind", "description", "outside_team", "occurred_on"]
        read_only_fields = fields


class PlanSerializer(strict.ModelSerializer):
    person_name = strict.CharField(source="person.full_name", read_only=True)
    target_role_title = strict.CharField(source="target_role.title", read_only=True, default=None, allow_null=True)
    growth_areas = GrowthAreaSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = DevelopmentPlan
        fields = [
            "id", "person", "person_name", "status", "target_role", "target_role_title", "ambition", "summary",
            "start_date", "target_date", "readiness", "readiness_feedback", "readiness_updated_by",
            "readiness_updated_at", "approved_by", "approved_at", "growth_areas", "milestones", "progress",
            "created_at",
        ]
        read_only_fields = fields

    def get_progress(self, plan: DevelopmentPlan) -> int:
        return progress_of(plan)


class PlanCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="Whose plan; defaults to the caller.")
    target_role = serializers.PrimaryKeyRelatedField(queryset=JobRole.objects.all(), required=False, allow_null=True)
    ambition = serializers.ChoiceField(choices=Ambition.choices, default=Ambition.NEXT_ROLE)
    summary = strict.CharField(required=False, allow_blank=True, default="", max_length=5000)
    start_date = serializers.DateField()
    target_date = serializers.DateField()


class PlanUpdateSerializer(serializers.Serializer):
    """Only content fields; person, status, approval and readiness fields are ignored here."""

    target_role = serializers.PrimaryKeyRelatedField(queryset=JobRole.objects.all(), required=False, allow_null=True)
    ambition = serializers.ChoiceField(choices=Ambition.choices, required=False)
    summary = strict.CharField(required=False, allow_blank=True, max_length=5000)
    start_date = serializers.DateField(required=False)
    target_date = serializers.DateField(required=False)


class PlanArchiveSerializer(serializers.Serializer):
    reason = strict.CharField(required=False, allow_blank=True, default="", max_length=80)


class ReadinessSerializer(serializers.Serializer):
    readiness = serializers.ChoiceField(choices=Readiness.choices)
    feedback = strict.CharField(max_length=5000)


class ChampionActionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ChampionActionKind.choices)
    description = strict.CharField(max_length=5000)
    occurred_on = serializers.DateField(required=False, allow_null=True)
    outside_team = serializers.BooleanField(required=False, default=False)


class GrowthAreaCreateSerializer(serializers.Serializer):
    skill = serializers.PrimaryKeyRelatedField(queryset=Skill.objects.all())
    is_focus = serializers.BooleanField(required=False, default=False)
    notes = strict.CharField(required=False, allow_blank=True, default="", max_length=5000)


class GrowthAreaUpdateSerializer(serializers.Serializer):
    is_focus = serializers.BooleanField(required=False)
    notes = strict.CharField(required=False, allow_blank=True, max_length=5000)


class MilestoneCreateSerializer(serializers.Serializer):
    title = strict.CharField(max_length=200)
    due_date = serializers.DateField()
    description = strict.CharField(required=False, allow_blank=True, default="", max_length=10000)
    kind = serializers.ChoiceField(choices=MilestoneKind.choices, default=MilestoneKind.OTHER)
    growth_area = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID,
                                           help_text="One of this plan's growth areas.")


class MilestoneSubmitSerializer(serializers.Serializer):
    evidence = strict.CharField(required=False, allow_blank=True, default="", max_length=10000)


class MilestoneApproveSerializer(serializers.Serializer):
    comment = strict.CharField(required=False, allow_blank=True, default="", max_length=5000)


class MilestoneRequestChangesSerializer(serializers.Serializer):
    comment = strict.CharField(max_length=5000, help_text="What should change (required).")

