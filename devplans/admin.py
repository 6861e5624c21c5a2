"""HR's view of plans. Every save goes through the devplans services: admin actions, the plan and
milestone forms and the inlines, so HR's changes get the same rights, state checks, history and
notifications as the pages and the API. The admin copies no rule: when a service refuses, the
change form is shown again with the service's message and nothing is saved."""
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from simple_history.admin import SimpleHistoryAdmin

from common.admin import (
    REFUSALS,
    ReadOnlyAdminMixin,
    Refused,
    changed_fields,
    refused,
    set_formset_result,
)
from devplans import services
from devplans.models import ChampionAction, DevelopmentPlan, GrowthArea, Milestone, MilestoneStatus, PlanStatus
from devplans.selectors import overdue_q
from people.admin import CatalystAdmin


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


def _is_deleted(formset, form) -> bool:
    return bool(form.instance.pk) and formset.can_delete and formset._should_delete_form(form)


def _save_growth_areas(actor, plan, formset) -> None:
    """Removals first, then changes (unmarking a focus area before marking another), then additions,
    so a swap of focus areas in one save stays within the service's limit."""
    deleted, changed, new = [], [], []
    forms_ = [form for form in formset.forms if form.instance.pk or form.has_changed()]
    for form in forms_:
        if _is_deleted(formset, form):
            try:
                services.growth_area_remove(actor=actor, growth_area=form.instance)
            except REFUSALS as error:
                raise refused(error, about=form.instance) from error
            deleted.append(form.instance)
    updates = [form for form in forms_ if form.instance.pk and not _is_deleted(formset, form) and form.has_changed()]
    for form in sorted(updates, key=lambda form: bool(form.cleaned_data.get("is_focus"))):
        if "skill" in form.changed_data:
            raise Refused(ValidationError("A growth area keeps its skill: remove it and add the other skill."))
        fields = changed_fields(form, {"is_focus", "notes"})
        try:
            area = services.growth_area_update(actor=actor, growth_area=form.instance, **fields)
        except REFUSALS as error:
            raise refused(error, about=form.instance) from error
        changed.append((area, list(fields)))
    for form in forms_:
        if form.instance.pk:
            continue
        data = form.cleaned_data
        try:
            area = services.growth_area_add(actor=actor, plan=plan, skill=data["skill"],
                                            is_focus=data.get("is_focus", False), notes=data.get("notes", ""))
        except REFUSALS as error:
            raise refused(error, about=data["skill"]) from error
        form.instance = area
        new.append(area)
    set_formset_result(formset, new=new, changed=changed, deleted=deleted)


def _save_milestones(actor, plan, formset) -> None:
    """Additions through milestone_create, edits through milestone_update (milestones are never
    deleted here: the inline has no delete; cancelling is an action)."""
    changed, new = [], []
    for form in formset.forms:
        if not form.has_changed():
            continue
        if form.instance.pk:
            fields = changed_fields(form, services.MILESTONE_EDITABLE_FIELDS)
            try:
                milestone = services.milestone_update(actor=actor, milestone=form.instance, **fields)
            except REFUSALS as error:
                raise refused(error, about=f"“{form.instance.title}”") from error
            changed.append((milestone, list(fields)))
        else:
            data = form.cleaned_data
            try:
                milestone = services.milestone_create(
                    actor=actor, plan=plan, title=data.get("title", ""), due_date=data.get("due_date"),
                    kind=data.get("kind"), description=data.get("description", ""),
                    growth_area=data.get("growth_area"),
                )
            except REFUSALS as error:
                raise refused(error, about=f"New milestone “{data.get('title', '')}”") from error
            form.instance = milestone
            new.append(milestone)
    set_formset_result(formset, new=new, changed=changed)


# --- plans ------------------------------------------------------------------------------------


class GrowthAreaInline(admin.TabularInline):
    """Saved through growth_area_add / growth_area_update / growth_area_remove (see _save_growth_areas)."""

    model = GrowthArea
    extra = 0
    fields = ["skill", "is_focus", "notes"]
    autocomplete_fields = ["skill"]


class MilestoneInline(admin.TabularInline):
    """Saved through milestone_create / milestone_update. No delete: a milestone is cancelled (the
    milestone list's action), never deleted, so the plan's history and progress stay true."""

    model = Milestone
    extra = 0
    fields = ["title", "kind", "due_date", "growth_area", "status", "decided_by", "decided_at"]
    readonly_fields = ["status", "decided_by", "decided_at"]
    ordering = ["due_date"]
    show_change_link = True
    can_delete = False


class ChampionActionInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Read-only: a champion action is the manager's own record (champion_action_log writes the
    acting manager), logged from the plan page or the API; HR reads them here."""

    model = ChampionAction
    extra = 0
    fields = ["kind", "description", "outside_team", "occurred_on", "manager"]
    readonly_fields = ["kind", "description", "outside_team", "occurred_on", "manager"]
    can_delete = False


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(CatalystAdmin):
    list_display = ["person", "target_role", "ambition", "status", "start_date", "target_date", "readiness"]
    list_filter = ["status", ("person__team", admin.RelatedOnlyFieldListFilter), OverdueFilter, "ambition", "readiness"]
    search_fields = ["person__full_name", "person__user__username"]
    list_select_related = ["person", "target_role"]
    autocomplete_fields = ["person", "target_role"]
    fields = ["person", "target_role", "ambition", "summary", "start_date", "target_date", "status", "readiness",
              "readiness_feedback", "readiness_updated_by", "readiness_updated_at", "created_by", "approved_by",
              "approved_at", "created_at", "updated_at"]
    # Readiness is the manager's feedback (plan_readiness_update, which also logs a champion action
    # in their name): given from the plan page or the API, read here.
    readonly_fields = ["status", "readiness", "readiness_feedback", "readiness_updated_by", "readiness_updated_at",
                       "created_by", "approved_by", "approved_at", "created_at", "updated_at"]
    inlines = [GrowthAreaInline, MilestoneInline, ChampionActionInline]
    actions = ["approve_plans", "complete_plans", "archive_plans"]
    date_hierarchy = "start_date"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("person")  # a plan never changes hands
        return fields

    def has_delete_permission(self, request, obj=None):
        # Plans are archived (the action below), never deleted: there is no service that deletes one.
        return False

    def service_save(self, request, *, actor, obj, form, change):
        if change:
            fields = changed_fields(form, services.PLAN_EDITABLE_FIELDS)
            return services.plan_update(actor=actor, plan=obj, **fields) if fields else None
        data = form.cleaned_data
        return services.plan_create(
            actor=actor, person=data["person"], start_date=data["start_date"], target_date=data["target_date"],
            target_role=data.get("target_role"), ambition=data["ambition"], summary=data.get("summary", ""),
        )

    def service_save_formset(self, request, *, actor, form, formset, change):
        if formset.model is GrowthArea:
            _save_growth_areas(actor, form.instance, formset)
        elif formset.model is Milestone:
            _save_milestones(actor, form.instance, formset)
        else:  # champion actions: read-only, nothing to save
            set_formset_result(formset)

    @admin.action(description="Approve selected plans pending approval")
    def approve_plans(self, request, queryset):
        self.run_for_each(request, queryset, lambda actor, plan: services.plan_approve(actor=actor, plan=plan),
                          done="Approved")

    @admin.action(description="Complete selected active plans")
    def complete_plans(self, request, queryset):
        self.run_for_each(request, queryset, lambda actor, plan: services.plan_complete(actor=actor, plan=plan),
                          done="Completed")

    @admin.action(description="Archive selected plans")
    def archive_plans(self, request, queryset):
        self.run_for_each(request, queryset.exclude(status=PlanStatus.ARCHIVED),
                          lambda actor, plan: services.plan_archive(actor=actor, plan=plan, reason="by HR"), done="Archived")


# --- milestones and champion actions --------------------------------------------------------------


@admin.register(Milestone)
class MilestoneAdmin(CatalystAdmin):
    list_display = ["title", "plan", "due_date", "status", "kind", "decided_by"]
    list_filter = ["status", "kind", OverdueFilter, ("plan__person__team", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "plan__person__full_name"]
    list_select_related = ["plan__person", "plan__target_role", "decided_by"]
    raw_id_fields = ["plan", "growth_area"]
    fields = ["plan", "title", "description", "kind", "due_date", "growth_area", "status", "evidence", "started_at",
              "submitted_at", "decided_by", "decided_at", "decision_comment", "created_at", "updated_at"]
    # The evidence is the owner's, handed in with milestone_submit.
    readonly_fields = ["status", "evidence", "started_at", "submitted_at", "decided_by", "decided_at",
                       "decision_comment", "created_at", "updated_at"]
    actions = ["approve_milestones", "cancel_milestones"]
    date_hierarchy = "due_date"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("plan")  # a milestone stays on its plan
        return fields

    def has_delete_permission(self, request, obj=None):
        # Milestones are cancelled (the action below), never deleted.
        return False

    def service_save(self, request, *, actor, obj, form, change):
        if change:
            fields = changed_fields(form, services.MILESTONE_EDITABLE_FIELDS)
            return services.milestone_update(actor=actor, milestone=obj, **fields) if fields else None
        data = form.cleaned_data
        return services.milestone_create(
            actor=actor, plan=data["plan"], title=data["title"], due_date=data["due_date"], kind=data["kind"],
            description=data.get("description", ""), growth_area=data.get("growth_area"),
        )

    @admin.action(description="Approve selected submitted milestones")
    def approve_milestones(self, request, queryset):
        self.run_for_each(request, queryset.filter(status=MilestoneStatus.SUBMITTED),
                          lambda actor, m: services.milestone_approve(actor=actor, milestone=m, comment="Approved by HR"),
                          done="Approved")

    @admin.action(description="Cancel selected milestones")
    def cancel_milestones(self, request, queryset):
        self.run_for_each(request, queryset, lambda actor, m: services.milestone_cancel(actor=actor, milestone=m),
                          done="Cancelled")


@admin.register(ChampionAction)
class ChampionActionAdmin(SimpleHistoryAdmin):
    """Read-only, like the plan's inline: managers log champion actions themselves."""

    list_display = ["plan", "kind", "manager", "occurred_on", "outside_team"]
    list_filter = ["kind", "outside_team"]
    search_fields = ["plan__person__full_name", "manager__full_name", "description"]
    list_select_related = ["plan__person", "manager"]
    raw_id_fields = ["plan", "manager"]
    date_hierarchy = "occurred_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
