"""Shapes of the coaching API. Input serializers only parse; services decide."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coaching.models import (
    ActionItem,
    AgendaItem,
    CoachingSession,
    Conversation,
    Mentorship,
    ObservationKind,
    SessionKind,
)
from coaching.permissions import can_read_private_notes
from coaching.selectors import RISK_SIGNAL_LABELS, coachee_agenda_share
from common.api import strict
from common.ids import MAX_ID
from people.api.serializers import PersonSummarySerializer


class AgendaItemSerializer(strict.ModelSerializer):
    author_name = strict.CharField(source="author.full_name", read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "author", "author_name", "text", "created_at"]
        read_only_fields = fields


class ActionItemSerializer(strict.ModelSerializer):
    class Meta:
        model = ActionItem
        fields = ["id", "session", "owner", "text", "due_date", "done", "milestone", "created_at"]
        read_only_fields = fields


class SessionSerializer(strict.ModelSerializer):
    """A session. `private_notes` is present only for the manager side, never for the coachee."""

    coach = PersonSummarySerializer(read_only=True)
    coachee = PersonSummarySerializer(read_only=True)
    opening_question = strict.CharField(read_only=True)
    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    action_items = ActionItemSerializer(many=True, read_only=True)
    coachee_agenda_share = serializers.SerializerMethodField(help_text="Percent of agenda items the coachee wrote.")
    private_notes = strict.CharField(read_only=True, required=False, help_text="Absent for the coachee.")
    conversation = serializers.ChoiceField(choices=Conversation.choices, allow_blank=True, read_only=True)

    class Meta:
        model = CoachingSession
        fields = [
            "id", "coach", "coachee", "kind", "conversation", "opening_question", "scheduled_at",
            "duration_minutes", "status", "shared_notes", "private_notes", "agenda_items",
            "coachee_agenda_share", "action_items", "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_coachee_agenda_share(self, session) -> int | None:
        return coachee_agenda_share(session)

    def to_representation(self, session):
        data = super().to_representation(session)
        viewer = self.context["viewer"]
        if not can_read_private_notes(viewer, session):
            data.pop("private_notes", None)
        return data


class SessionCreateSerializer(serializers.Serializer):
    coachee = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    conversation = serializers.ChoiceField(choices=Conversation.choices, required=False, allow_blank=True, default="")
    scheduled_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(required=False, min_value=5, max_value=600)
    shared_notes = strict.CharField(required=False, allow_blank=True, default="", max_length=20000)
    private_notes = strict.CharField(required=False, allow_blank=True, default="", max_length=20000)


class SessionUpdateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SessionKind.choices, required=False)
    conversation = serializers.ChoiceField(choices=Conversation.choices, required=False, allow_blank=True)
    scheduled_at = serializers.DateTimeField(required=False)
    duration_minutes = serializers.IntegerField(required=False, min_value=5, max_value=600)
    shared_notes = strict.CharField(required=False, allow_blank=True, max_length=20000)
    private_notes = strict.CharField(required=False, allow_blank=True, max_length=20000)


class SessionHoldSerializer(serializers.Serializer):
    shared_notes = strict.CharField(required=False, allow_blank=True, max_length=20000)
    private_notes = strict.CharField(required=False, allow_blank=True, max_length=20000)


class AgendaItemCreateSerializer(serializers.Serializer):
    text = strict.CharField(max_length=500)


class ActionItemCreateSerializer(serializers.Serializer):
    text = strict.CharField(max_length=500)
    owner = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    due_date = serializers.DateField(required=False, allow_null=True)


class MilestoneRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    title = strict.CharField()
    due_date = serializers.DateField()
    status = strict.CharField()


class CadenceRowSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    full_name = strict.CharField(source="person.full_name")
    tier = strict.CharField(allow_null=True)
    last_developmental_session = serializers.DateTimeField(source="last_developmental", allow_null=True)
    days_since = serializers.IntegerField(allow_null=True)
    next_due = serializers.DictField(child=serializers.DateField(allow_null=True))
    overdue_kinds = serializers.ListField(child=strict.CharField())
    overdue = serializers.BooleanField()
    flagged = serializers.BooleanField(
        help_text="Top 20% without developmental coaching for longer than the top tier's developmental gap (30 days by default)."
    )
    suggested_style = strict.CharField()


class ObservationCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    kind = serializers.ChoiceField(choices=ObservationKind.choices)
    note = strict.CharField(required=False, allow_blank=True, default="", max_length=5000)
    observed_on = serializers.DateField(required=False)


class ObservationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    observed_by = serializers.IntegerField(source="observed_by_id")
    kind = strict.CharField()
    note = strict.CharField()
    observed_on = serializers.DateField()


class FlightRiskSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    full_name = strict.CharField(source="person.full_name")
    tier = strict.CharField(allow_null=True)
    level = serializers.ChoiceField(choices=["low", "elevated", "high"])
    score = serializers.IntegerField()
    signals = serializers.ListField(child=serializers.ChoiceField(choices=list(RISK_SIGNAL_LABELS)))
    observations = ObservationSerializer(many=True)


class MentorshipSerializer(strict.ModelSerializer):
    mentor = PersonSummarySerializer(read_only=True)
    mentee = PersonSummarySerializer(read_only=True)
    quota_relief = serializers.SerializerMethodField(help_text="The relief covering this pairing (its group's when grouped).")
    relief_group_size = serializers.SerializerMethodField()
    mentee_baseline = serializers.SerializerMethodField()
    mentee_revenue_lift = serializers.SerializerMethodField()
    net_return = serializers.SerializerMethodField(help_text="Total lift of the pairings the relief covers minus the relief.")

    class Meta:
        model = Mentorship
        fields = [
            "id", "mentor", "mentee", "goals", "start_date", "end_date", "status", "quota_relief",
            "relief_group", "relief_group_size", "mentee_baseline", "mentee_revenue_lift", "net_return",
        ]
        read_only_fields = fields

    #: The mentee's revenue: only for the pairings in context["figures_visible"] (coaching.permissions).
    #: The net return is the lift less the relief, and the relief is shown: it would give the lift away.
    MENTEE_FIGURES = ("mentee_baseline", "mentee_revenue_lift", "net_return")

    def _return(self, mentorship):
        return self.context["returns"][mentorship.pk]

    def to_representation(self, mentorship):
        data = super().to_representation(mentorship)
        if mentorship.pk not in self.context.get("figures_visible", set()):
            for name in self.MENTEE_FIGURES:
                data.pop(name, None)
        return data

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_quota_relief(self, mentorship):
        return f"{self._return(mentorship).quota_relief:.2f}"

    def get_relief_group_size(self, mentorship) -> int:
        return self._return(mentorship).group_size

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True))
    def get_mentee_baseline(self, mentorship):
        value = self._return(mentorship).baseline
        return None if value is None else f"{value:.2f}"

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True))
    def get_mentee_revenue_lift(self, mentorship):
        value = self._return(mentorship).mentee_revenue_lift
        return None if value is None else f"{value:.2f}"

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True))
    def get_net_return(self, mentorship):
        value = self._return(mentorship).net_return
        return None if value is None else f"{value:.2f}"


class MentorshipCreateSerializer(serializers.Serializer):
    mentor = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    mentee = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    goals = strict.CharField(required=False, allow_blank=True, default="", max_length=5000)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    quota_relief = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, min_value=0)
    relief_group = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
