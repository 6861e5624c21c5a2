"""HR's view of plans. Transitions go through the services (admin actions), so they get the same
checks, history and notifications as the API; content edits are saved with history by the admin."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from simple_history.admin import SimpleHistoryAdmin

from devplans import services
from devplans.models import ChampionAction, DevelopmentPlan, GrowthArea, Milestone, MilestoneStatus, PlanStatus
from devplans.selectors import overdue_q
from people.access import request_actor
from common.exceptions import TransitionNotAllowed


class OverdueFilter(admin.SimpleListFilter):
    """Plans (or milestones) with a milestone due before today that is neither approved nor cancelled."""

    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        if queryset.model is Milestone:
            condition = overdue_q()
            return queryset.filter(condition) if self.value() == "yes" else queryset.exclude(condition)
        has_overdue = Exists(Milestone.objects.filter(overdue_q(), plan=OuterRef("pk")))
        return queryset.filter(has_overdue) if self.value() == "yes" else queryset.exclude(has_overdue)


def _run_for_each(modeladmin, request, queryset, service, label: str) -> None:
    actor = request_actor(request)
    if actor is None:
        modeladmin.message_user(request, "Your account has no Catalyst profile; nothing changed.", messages.ERROR)
        return
    done, refused = 0, []
    for obj in queryset:
        try:
            service(actor, obj)
            done += 1
        except (TransitionNotAllowed, ValidationError, PermissionDenied) as error:
            text = error.message if isinstance(error, TransitionNotAllowed) else " ".join(getattr(error, "messages", [str(error)]))
            refused.append(f"{obj}: {text}")
    if done:
        modeladmin.message_user(request, f"{label}: {done}.", messages.SUCCESS)
    for line in refused[:20]:
        modeladmin.message_user(request, line, messages.WARNING)


class MilestoneAdminForm(forms.ModelForm):
    """The same field rules as devplans.services.milestone_create, for edits HR makes here."""

    class Meta:
        model = Milestone
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        if plan is None:
            try:
                plan = self.instance.plan  # inline forms: the parent plan (saved or being added)
            except DevelopmentPlan.DoesNotExist:
                plan = None
        due_date, area = cleaned.get("due_date"), cleaned.get("growth_area")
        if plan is not None and due_date and not (plan.start_date <= due_date <= plan.target_date):
            self.add_error("due_date", f"The due date must fall within the plan ({plan.start_date} to {plan.target_date}).")
        if plan is not None and area is not None and area.plan_id != plan.pk:
            self.add_error("growth_area", "Choose one of this plan's growth areas.")
        return cleaned


class PlanAdminForm(forms.ModelForm):
    class Meta:
        model = DevelopmentPlan
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        start, target = cleaned.get("start_date"), cleaned.get("target_date")
        if start and target and target < start:
            self.add_error("target_date", "The target date cannot be before the start date.")
        elif start and target and self.instance.pk:
            stranded = self.instance.milestones.exclude(due_date__range=(start, target)).exclude(
                status=MilestoneStatus.CANCELLED
            )
            if stranded.exists():
                self.add_error("target_date", "Some milestones would fall outside the plan's dates; move them first.")
        return cleaned


class GrowthAreaFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        focus = sum(
            1 for form in self.forms
            if form.cleaned_data.get("is_focus") and not form.cleaned_data.get("DELETE")
        )
        if focus > services.MAX_FOCUS_AREAS:
            raise ValidationError(f"A plan has at most {services.MAX_FOCUS_AREAS} mastery-level focus areas.")


class GrowthAreaInline(admin.TabularInline):
    model = GrowthArea
    formset = GrowthAreaFormSet
    extra = 0
    autocomplete_fields = ["skill"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    form = MilestoneAdminForm
    extra = 0
    fields = ["title", "kind", "due_date", "growth_area", "status", "decided_by", "decided_at"]
    readonly_fields = ["status", "decided_by", "decided_at"]
    ordering = ["due_date"]
    show_change_link = True


class ChampionActionInline(admin.TabularInline):
    model = ChampionAction
    extra = 0
    fields = ["kind", "description", "outside_team", "occurred_on", "manager"]
    readonly_fields = ["kind", "description", "outside_team", "occurred_on", "manager"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(SimpleHistoryAdmin):
    form = PlanAdminForm
    list_display = ["person", "target_role", "ambition", "status", "start_date", "target_date", "readiness"]
    list_filter = ["status", ("person__team", admin.RelatedOnlyFieldListFilter), OverdueFilter, "ambition", "readiness"]
    search_fields = ["person__full_name", "person__user__username"]
    list_select_related = ["person", "target_role"]
    autocomplete_fields = ["person", "target_role"]
    readonly_fields = ["status", "readiness_updated_by", "readiness_updated_at", "created_by", "approved_by",
                       "approved_at", "created_at", "updated_at"]
    inlines = [GrowthAreaInline, MilestoneInline, ChampionActionInline]
    actions = ["approve_plans", "complete_plans", "archive_plans"]
    date_hierarchy = "start_date"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("person")  # a plan never changes hands
        return fields

    @admin.action(description="Approve selected plans pending approval")
    def approve_plans(self, request, queryset):
        _run_for_each(self, request, queryset, lambda actor, plan: services.plan_approve(actor=actor, plan=plan), "Approved")

    @admin.action(description="Complete selected active plans")
    def complete_plans(self, request, queryset):
        _run_for_each(self, request, queryset, lambda actor, plan: services.plan_complete(actor=actor, plan=plan), "Completed")

    @admin.action(description="Archive selected plans")
    def archive_plans(self, request, queryset):
        _run_for_each(self, request, queryset.exclude(status=PlanStatus.ARCHIVED),
                      lambda actor, plan: services.plan_archive(actor=actor, plan=plan, reason="by HR"), "Archived")


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    form = MilestoneAdminForm
    list_display = ["title", "plan", "due_date", "status", "kind", "decided_by"]
    list_filter = ["status", "kind", OverdueFilter, ("plan__person__team", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "plan__person__full_name"]
    list_select_related = ["plan__person", "plan__target_role", "decided_by"]
    raw_id_fields = ["plan", "growth_area"]
    readonly_fields = ["status", "started_at", "submitted_at", "decided_by", "decided_at", "decision_comment",
                       "created_at", "updated_at"]
    actions = ["approve_milestones", "cancel_milestones"]
    date_hierarchy = "due_date"

    @admin.action(description="Approve selected submitted milestones")
    def approve_milestones(self, request, queryset):
        _run_for_each(self, request, queryset.filter(status=MilestoneStatus.SUBMITTED),
                      lambda actor, m: services.milestone_approve(actor=actor, milestone=m, comment="Approved by HR"),
                      "Approved")

    @admin.action(description="Cancel selected milestones")
    def cancel_milestones(self, request, queryset):
        _run_for_each(self, request, queryset, lambda actor, m: services.milestone_cancel(actor=actor, milestone=m),
                      "Cancelled")


@admin.register(ChampionAction)
class ChampionActionAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "kind", "manager", "occurred_on", "outside_team"]
    list_filter = ["kind", "outside_team"]
    search_fields = ["plan__person__full_name", "manager__full_name", "description"]
    list_select_related = ["plan__person", "manager"]
    raw_id_fields = ["plan", "manager"]
    date_hierarchy = "occurred_on"
