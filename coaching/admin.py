"""HR's view of coaching: sessions, cadence policies, mentorships with their return, observations.

Status changes go through the services (admin actions), so they get the same checks and history.
"""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from simple_history.admin import SimpleHistoryAdmin

from coaching import services
from coaching.models import (
    ActionItem,
    AgendaItem,
    CadencePolicy,
    CoachingSession,
    FlightRiskObservation,
    Mentorship,
    MentorshipStatus,
    QuotaRelief,
)
from coaching.returns import mentorship_returns
from people.access import request_actor
from common.exceptions import TransitionNotAllowed


def _run(modeladmin, request, queryset, service, done: str, object_arg: str):
    actor = request_actor(request)
    count = 0
    for obj in queryset:
        try:
            service(actor=actor, **{object_arg: obj})
            count += 1
        except (ValidationError, PermissionDenied, TransitionNotAllowed) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else (getattr(error, "message", "") or str(error))
            modeladmin.message_user(request, f"{obj}: {text}", messages.WARNING)
    if count:
        modeladmin.message_user(request, f"{count} {done}.", messages.SUCCESS)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ["author"]


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    raw_id_fields = ["owner", "milestone"]


@admin.register(CoachingSession)
class CoachingSessionAdmin(SimpleHistoryAdmin):
    list_display = ["scheduled_at", "kind", "conversation", "coach", "coachee", "status", "duration_minutes"]
    list_filter = ["status", "kind", "conversation"]
    search_fields = ["coach__full_name", "coachee__full_name"]
    raw_id_fields = ["coach", "coachee", "created_by"]
    readonly_fields = ["status", "created_at", "updated_at"]
    date_hierarchy = "scheduled_at"
    list_select_related = ["coach", "coachee"]
    inlines = [AgendaItemInline, ActionItemInline]
    actions = ["mark_held", "mark_cancelled", "mark_missed"]

    @admin.action(description="Mark selected sessions held")
    def mark_held(self, request, queryset):
        _run(self, request, queryset, services.session_hold, "sessions marked held", "session")

    @admin.action(description="Cancel selected sessions")
    def mark_cancelled(self, request, queryset):
        _run(self, request, queryset, services.session_cancel, "sessions cancelled", "session")

    @admin.action(description="Mark selected sessions missed")
    def mark_missed(self, request, queryset):
        _run(self, request, queryset, services.session_miss, "sessions marked missed", "session")


@admin.register(CadencePolicy)
class CadencePolicyAdmin(SimpleHistoryAdmin):
    list_display = ["tier", "weekly_1on1_every_days", "monthly_deep_dive_every_days", "quarterly_career_every_days", "developmental_gap_days"]


@admin.register(QuotaRelief)
class QuotaReliefAdmin(SimpleHistoryAdmin):
    list_display = ["mentor", "amount", "start_date", "end_date", "note"]
    raw_id_fields = ["mentor"]
    search_fields = ["mentor__full_name"]


class MentorshipAdminForm(forms.ModelForm):
    """The service's rules for new pairings (self, duplicates and capacity) also hold in the admin."""

    class Meta:
        model = Mentorship
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        mentor, mentee = cleaned.get("mentor"), cleaned.get("mentee")
        if self.instance.pk is None and mentor and mentee:
            if mentor.pk == mentee.pk:
                raise ValidationError({"mentee": "Nobody mentors themself."})
            if Mentorship.objects.filter(mentor=mentor, mentee=mentee, status__in=OPEN).exists():
                raise ValidationError({"mentee": f"{mentor} and {mentee} already have an open mentorship."})
            if Mentorship.objects.filter(mentor=mentor, status__in=OPEN).count() >= services.mentor_capacity():
                raise ValidationError({"mentor": f"{mentor} already mentors {services.mentor_capacity()} people."})
        return cleaned


OPEN = [MentorshipStatus.PROPOSED, MentorshipStatus.ACTIVE]


@admin.register(Mentorship)
class MentorshipAdmin(SimpleHistoryAdmin):
    form = MentorshipAdminForm
    list_display = ["mentor", "mentee", "status", "start_date", "end_date", "relief", "lift", "net_return"]
    list_filter = ["status"]
    search_fields = ["mentor__full_name", "mentee__full_name"]
    raw_id_fields = ["mentor", "mentee", "relief_group", "created_by"]
    readonly_fields = ["status"]
    list_select_related = ["mentor", "mentee", "relief_group"]
    actions = ["activate", "complete", "end"]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl") if hasattr(response, "context_data") else None
        if changelist is not None:
            self._returns = mentorship_returns(list(changelist.result_list))
        return response

    def _return(self, obj):
        returns = getattr(self, "_returns", None)
        if returns is None or obj.pk not in returns:
            returns = mentorship_returns([obj])
        return returns[obj.pk]

    @admin.display(description="Quota relief")
    def relief(self, obj):
        return self._return(obj).quota_relief

    @admin.display(description="Mentee lift")
    def lift(self, obj):
        return self._return(obj).mentee_revenue_lift

    @admin.display(description="Net return")
    def net_return(self, obj):
        return self._return(obj).net_return

    @admin.action(description="Start selected mentorships")
    def activate(self, request, queryset):
        _run(self, request, queryset, services.mentorship_activate, "mentorships started", "mentorship")

    @admin.action(description="Complete selected mentorships")
    def complete(self, request, queryset):
        _run(self, request, queryset, services.mentorship_complete, "mentorships completed", "mentorship")

    @admin.action(description="End selected mentorships")
    def end(self, request, queryset):
        _run(self, request, queryset, services.mentorship_end, "mentorships ended", "mentorship")


@admin.register(FlightRiskObservation)
class FlightRiskObservationAdmin(SimpleHistoryAdmin):
    list_display = ["observed_on", "person", "kind", "observed_by"]
    list_filter = ["kind"]
    search_fields = ["person__full_name"]
    raw_id_fields = ["person", "observed_by"]
    list_select_related = ["person", "observed_by"]
