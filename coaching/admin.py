"""HR's view of coaching: sessions, cadence policies, mentorships with their return, relief, observations.

Every save here is a service call, so HR's changes get the same checks and history as anyone's:
admin actions run the status changes, and each change form's save is one service
(common.admin.ServiceSavesAdmin). The forms hold no rules of their own; they show the services' refusals.
"""
from __future__ import annotations

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from coaching import services
from coaching.models import (
    ActionItem,
    AgendaItem,
    CadencePolicy,
    CoachingSession,
    FlightRiskObservation,
    Mentorship,
    QuotaRelief,
)
from coaching.returns import mentorship_returns
from common.admin import ReadOnlyAdminMixin, changed_fields
from people.admin import CatalystAdmin

# --- sessions --------------------------------------------------------------------------------------


class _ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True  # the item's own page has its history


class AgendaItemInline(_ReadOnlyInline):
    # Read-only: the agenda belongs to the coach and the coachee (agenda_item_add refuses anyone
    # else, HR included), so there is nothing HR could add here that the service would accept.
    model = AgendaItem
    fields = readonly_fields = ["text", "author", "created_at"]


class ActionItemInline(_ReadOnlyInline):
    # Read-only: action items are added on the session page through action_item_add; an inline
    # row is saved after the session itself, too late to show the service's refusal on the form,
    # and no service edits an existing item.
    model = ActionItem
    fields = readonly_fields = ["text", "owner", "due_date", "done", "milestone", "created_at"]


class CoachingSessionForm(forms.ModelForm):
    class Meta:
        model = CoachingSession
        fields = list(services.EDITABLE_SESSION_FIELDS)


@admin.register(CoachingSession)
class CoachingSessionAdmin(CatalystAdmin):
    form = CoachingSessionForm
    list_display = ["scheduled_at", "kind", "conversation", "coach", "coachee", "status", "duration_minutes"]
    list_filter = ["status", "kind", "conversation"]
    search_fields = ["coach__full_name", "coachee__full_name"]
    readonly_fields = ["coach", "coachee", "status", "created_by", "created_at", "updated_at"]
    date_hierarchy = "scheduled_at"
    list_select_related = ["coach", "coachee"]
    inlines = [AgendaItemInline, ActionItemInline]
    actions = ["mark_held", "mark_cancelled", "mark_missed"]

    def has_add_permission(self, request):
        # session_create makes whoever schedules a session its coach: coaches schedule on the
        # team page or through the API, so HR does not add sessions on someone's behalf here.
        return False

    def service_save(self, request, *, actor, obj, form, change):
        return services.session_update(
            actor=actor, session=obj, **changed_fields(form, services.EDITABLE_SESSION_FIELDS)
        )

    @admin.action(description="Mark selected sessions held")
    def mark_held(self, request, queryset):
        self.run_for_each(request, queryset, lambda actor, session: services.session_hold(actor=actor, session=session),
                          done="Sessions marked held")

    @admin.action(description="Cancel selected sessions")
    def mark_cancelled(self, request, queryset):
        self.run_for_each(request, queryset, lambda actor, session: services.session_cancel(actor=actor, session=session),
                          done="Sessions cancelled")

    @admin.action(description="Mark selected sessions missed")
    def mark_missed(self, request, queryset):
        self.run_for_each(request, queryset, lambda actor, session: services.session_miss(actor=actor, session=session),
                          done="Sessions marked missed")


class _HistoryOnlyAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """An item shown in its session's inline: readable here with its history, changed elsewhere."""


@admin.register(AgendaItem)
class AgendaItemAdmin(_HistoryOnlyAdmin):
    list_display = ["text", "session", "author", "created_at"]
    list_select_related = ["session__coach", "session__coachee", "author"]
    search_fields = ["text"]


@admin.register(ActionItem)
class ActionItemAdmin(_HistoryOnlyAdmin):
    list_display = ["text", "session", "owner", "due_date", "done"]
    list_select_related = ["session__coach", "session__coachee", "owner"]
    search_fields = ["text"]


# --- cadence ---------------------------------------------------------------------------------------


@admin.register(CadencePolicy)
class CadencePolicyAdmin(CatalystAdmin):
    fields = ["tier", *services.CADENCE_POLICY_FIELDS]
    list_display = ["tier", "weekly_1on1_every_days", "monthly_deep_dive_every_days", "quarterly_career_every_days", "developmental_gap_days"]

    def get_readonly_fields(self, request, obj=None):
        return ["tier"] if obj is not None else []

    def service_save(self, request, *, actor, obj, form, change):
        data = form.cleaned_data
        return services.cadence_policy_set(
            actor=actor, tier=obj.tier if change else data["tier"],
            **{name: data[name] for name in services.CADENCE_POLICY_FIELDS},
        )


# --- mentorships and relief ------------------------------------------------------------------------


@admin.register(QuotaRelief)
class QuotaReliefAdmin(CatalystAdmin):
    fields = ["mentor", "amount", "start_date", "end_date", "note"]
    list_display = ["mentor", "amount", "start_date", "end_date", "note"]
    raw_id_fields = ["mentor"]
    search_fields = ["mentor__full_name"]

    def get_readonly_fields(self, request, obj=None):
        return ["mentor", "start_date"] if obj is not None else []

    def service_save(self, request, *, actor, obj, form, change):
        if change:
            return services.quota_relief_update(
                actor=actor, relief=obj, **changed_fields(form, services.QUOTA_RELIEF_EDITABLE_FIELDS)
            )
        data = form.cleaned_data
        return services.quota_relief_create(
            actor=actor, mentor=data["mentor"], amount=data["amount"], start_date=data["start_date"],
            end_date=data["end_date"], note=data["note"],
        )


class MentorshipForm(forms.ModelForm):
    class Meta:
        model = Mentorship
        fields = ["mentor", "mentee", "goals", "start_date", "end_date", "quota_relief", "relief_group"]


@admin.register(Mentorship)
class MentorshipAdmin(CatalystAdmin):
    form = MentorshipForm
    list_display = ["mentor", "mentee", "status", "start_date", "end_date", "relief", "lift", "net_return"]
    list_filter = ["status"]
    search_fields = ["mentor__full_name", "mentee__full_name"]
    raw_id_fields = ["mentor", "mentee", "relief_group"]
    list_select_related = ["mentor", "mentee", "relief_group"]
    actions = ["activate", "complete", "end"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["status", "created_by"]
        return ["mentor", "mentee", "start_date", "status", "created_by"]

    def service_save(self, request, *, actor, obj, form, change):
        if change:
            return services.mentorship_update(
                actor=actor, mentorship=obj, **changed_fields(form, services.MENTORSHIP_EDITABLE_FIELDS)
            )
        data = form.cleaned_data
        return services.mentorship_create(
            actor=actor, mentor=data["mentor"], mentee=data["mentee"], start_date=data["start_date"],
            end_date=data["end_date"], goals=data["goals"], quota_relief=data["quota_relief"],
            relief_group=data["relief_group"],
        )

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
        self.run_for_each(request, queryset, lambda actor, m: services.mentorship_activate(actor=actor, mentorship=m),
                          done="Mentorships started")

    @admin.action(description="Complete selected mentorships")
    def complete(self, request, queryset):
        self.run_for_each(request, queryset, lambda actor, m: services.mentorship_complete(actor=actor, mentorship=m),
                          done="Mentorships completed")

    @admin.action(description="End selected mentorships")
    def end(self, request, queryset):
        self.run_for_each(request, queryset, lambda actor, m: services.mentorship_end(actor=actor, mentorship=m),
                          done="Mentorships ended")


# --- flight-risk observations ----------------------------------------------------------------------


class ObservationForm(forms.ModelForm):
    class Meta:
        model = FlightRiskObservation
        fields = ["person", "kind", "note", "observed_on"]


@admin.register(FlightRiskObservation)
class FlightRiskObservationAdmin(CatalystAdmin):
    form = ObservationForm
    list_display = ["observed_on", "person", "kind", "observed_by"]
    list_filter = ["kind"]
    search_fields = ["person__full_name"]
    raw_id_fields = ["person"]
    list_select_related = ["person", "observed_by"]

    def get_readonly_fields(self, request, obj=None):
        # An observation records what the actor saw when they saw it; observation_create is the
        # only way in, so a recorded one is read-only.
        if obj is not None:
            return ["person", "observed_by", "kind", "note", "observed_on", "created_at"]
        return ["observed_by"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def service_save(self, request, *, actor, obj, form, change):
        data = form.cleaned_data
        return services.observation_create(
            actor=actor, person=data["person"], kind=data["kind"], note=data["note"], observed_on=data["observed_on"]
        )
