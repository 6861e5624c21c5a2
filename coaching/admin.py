"""HR's view of coaching: sessions, cadence policies, mentorships with their return, relief, observations.

Every save here is a service call, so HR's changes get the same checks and history as anyone's:
admin actions run the status changes, and each form's save is one service (see ServiceForm).
The forms hold no rules of their own; they show the services' refusals.
"""
from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
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
from common.exceptions import TransitionNotAllowed
from common.forms import add_service_errors, error_text
from people.access import request_actor
from people.models import Person

REFUSALS = (ValidationError, PermissionDenied, TransitionNotAllowed)


def _run(modeladmin, request, queryset, service, done: str, object_arg: str):
    actor = request_actor(request)
    count = 0
    for obj in queryset:
        try:
            service(actor=actor, **{object_arg: obj})
            count += 1
        except REFUSALS as error:
            modeladmin.message_user(request, f"{obj}: {error_text(error)}", messages.WARNING)
    if count:
        modeladmin.message_user(request, f"{count} {done}.", messages.SUCCESS)


# --- saves through services ------------------------------------------------------------------------


class _TrialCall(Exception):
    """Raised to roll back the savepoint of ServiceForm's trial call."""


class ServiceForm(forms.ModelForm):
    """An admin form whose save is one service call (`call_service`).

    clean() makes the call inside a savepoint that is always rolled back, so the service's own
    refusal shows on the form (its ValidationError on the fields it names, TransitionNotAllowed and
    PermissionDenied as errors of the whole form) and nothing is written. ServiceAdmin.save_model
    then makes the same call for real.
    """

    actor: Person | None = None  # set per request by ServiceAdmin.get_form

    def call_service(self) -> models.Model:
        raise NotImplementedError

    def changed(self, editable: tuple[str, ...]) -> dict:
        """The editable fields this post changed, with their new values."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in editable}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            with transaction.atomic():
                self.call_service()
                raise _TrialCall
        except _TrialCall:
            pass
        except ValidationError as error:
            add_service_errors(self, error)
        except (TransitionNotAllowed, PermissionDenied) as error:
            self.add_error(None, error_text(error))
        return cleaned


class ServiceAdmin(SimpleHistoryAdmin):
    """Saves through the form's service call; the service writes the history (actor and reason)."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request_actor(request)})

    def save_model(self, request, obj, form, change):
        saved = form.call_service()
        vars(obj).update(vars(saved))


# --- sessions --------------------------------------------------------------------------------------


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True  # the item's own page has its history

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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


class CoachingSessionForm(ServiceForm):
    class Meta:
        model = CoachingSession
        fields = list(services.EDITABLE_SESSION_FIELDS)

    def call_service(self) -> CoachingSession:
        return services.session_update(
            actor=self.actor, session=self.instance, **self.changed(services.EDITABLE_SESSION_FIELDS)
        )


@admin.register(CoachingSession)
class CoachingSessionAdmin(ServiceAdmin):
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

    @admin.action(description="Mark selected sessions held")
    def mark_held(self, request, queryset):
        _run(self, request, queryset, services.session_hold, "sessions marked held", "session")

    @admin.action(description="Cancel selected sessions")
    def mark_cancelled(self, request, queryset):
        _run(self, request, queryset, services.session_cancel, "sessions cancelled", "session")

    @admin.action(description="Mark selected sessions missed")
    def mark_missed(self, request, queryset):
        _run(self, request, queryset, services.session_miss, "sessions marked missed", "session")


class _HistoryOnlyAdmin(SimpleHistoryAdmin):
    """An item shown in its session's inline: readable here with its history, changed elsewhere."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


class CadencePolicyForm(ServiceForm):
    class Meta:
        model = CadencePolicy
        fields = ["tier", *services.CADENCE_POLICY_FIELDS]

    def call_service(self) -> CadencePolicy:
        tier = self.instance.tier if self.instance.pk else self.cleaned_data["tier"]
        return services.cadence_policy_set(
            actor=self.actor, tier=tier, **{name: self.cleaned_data[name] for name in services.CADENCE_POLICY_FIELDS}
        )


@admin.register(CadencePolicy)
class CadencePolicyAdmin(ServiceAdmin):
    form = CadencePolicyForm
    list_display = ["tier", "weekly_1on1_every_days", "monthly_deep_dive_every_days", "quarterly_career_every_days", "developmental_gap_days"]

    def get_readonly_fields(self, request, obj=None):
        return ["tier"] if obj is not None else []


# --- mentorships and relief ------------------------------------------------------------------------


class QuotaReliefForm(ServiceForm):
    class Meta:
        model = QuotaRelief
        fields = ["mentor", "amount", "start_date", "end_date", "note"]

    def call_service(self) -> QuotaRelief:
        if self.instance.pk:
            return services.quota_relief_update(
                actor=self.actor, relief=self.instance, **self.changed(services.QUOTA_RELIEF_EDITABLE_FIELDS)
            )
        data = self.cleaned_data
        return services.quota_relief_create(
            actor=self.actor, mentor=data["mentor"], amount=data["amount"], start_date=data["start_date"],
            end_date=data["end_date"], note=data["note"],
        )


@admin.register(QuotaRelief)
class QuotaReliefAdmin(ServiceAdmin):
    form = QuotaReliefForm
    list_display = ["mentor", "amount", "start_date", "end_date", "note"]
    raw_id_fields = ["mentor"]
    search_fields = ["mentor__full_name"]

    def get_readonly_fields(self, request, obj=None):
        return ["mentor", "start_date"] if obj is not None else []


class MentorshipForm(ServiceForm):
    class Meta:
        model = Mentorship
        fields = ["mentor", "mentee", "goals", "start_date", "end_date", "quota_relief", "relief_group"]

    def call_service(self) -> Mentorship:
        if self.instance.pk:
            return services.mentorship_update(
                actor=self.actor, mentorship=self.instance, **self.changed(services.MENTORSHIP_EDITABLE_FIELDS)
            )
        data = self.cleaned_data
        return services.mentorship_create(
            actor=self.actor, mentor=data["mentor"], mentee=data["mentee"], start_date=data["start_date"],
            end_date=data["end_date"], goals=data["goals"], quota_relief=data["quota_relief"],
            relief_group=data["relief_group"],
        )


@admin.register(Mentorship)
class MentorshipAdmin(ServiceAdmin):
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


# --- flight-risk observations ----------------------------------------------------------------------


class ObservationForm(ServiceForm):
    class Meta:
        model = FlightRiskObservation
        fields = ["person", "kind", "note", "observed_on"]

    def call_service(self) -> FlightRiskObservation:
        data = self.cleaned_data
        return services.observation_create(
            actor=self.actor, person=data["person"], kind=data["kind"], note=data["note"], observed_on=data["observed_on"]
        )


@admin.register(FlightRiskObservation)
class FlightRiskObservationAdmin(ServiceAdmin):
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
