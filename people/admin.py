"""HR's screens on people, quota figures and reference data. Every save is a service call on
common.admin.ServiceSavesAdmin: the change form and its inlines save in one transaction, and when a
service refuses, the same post is shown again with the refusal on the form and nothing is written."""
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from import_export.admin import ExportMixin

from common.admin import REFUSALS, ReadOnlyAdminMixin, ServiceSavesAdmin, changed_fields, refused
from common.forms import error_text
from people import permissions, services
from people.access import request_actor
from people.forms import PeopleImportForm
from people.importing import people_import_csv
from people.models import ApiToken, DataExportRecord, JobRole, Person, PersonStatus, QuotaRecord, RoleSkill, Skill, Team
from people.resources import PersonResource


def actor_may(request, predicate) -> bool:
    """Does the signed-in person pass `predicate` (people.permissions)? An account with no profile reaches
    the admin only as a superuser (config.admin); it may look, but a save needs a profile to name in the
    history (common.admin.NO_PROFILE)."""
    actor = request_actor(request)
    return request.user.is_superuser if actor is None else predicate(actor)


class RightsMixin:
    """Adding, changing and deleting also need `rights`, a people.permissions predicate, to hold for the
    signed-in person: the admin shows exactly what the services would allow."""

    rights = None

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and actor_may(request, self.rights)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and actor_may(request, self.rights)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and actor_may(request, self.rights)


def _count_people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


class InvitationFilter(admin.SimpleListFilter):
    title = "invitation"
    parameter_name = "invitation"

    def lookups(self, request, model_admin):
        return [("none", "Not invited"), ("pending", "Invited, not accepted"), ("accepted", "Accepted")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(invited_at__isnull=True)
        if self.value() == "pending":
            return queryset.filter(invited_at__isnull=False, invitation_accepted_at__isnull=True)
        if self.value() == "accepted":
            return queryset.filter(invitation_accepted_at__isnull=False)
        return queryset


class CatalystAdmin(ServiceSavesAdmin):
    """The admin base of every Catalyst app: the services act as the signed-in Person (people.access)."""

    def service_actor(self, request):
        return request_actor(request)

    def delete_all_or_none(self, request, queryset, delete) -> None:
        """Call `delete(actor, obj)` for each selected object in one transaction: a refusal deletes
        none of them and is shown as a message."""
        actor = request_actor(request)
        try:
            with transaction.atomic():
                for obj in queryset:
                    delete(actor, obj)
        except REFUSALS as error:
            self.message_user(request, f"Nothing was deleted: {error_text(error)}", messages.ERROR)


class CatalogueAdmin(RightsMixin, CatalystAdmin):
    """Saves and deletions of reference data (and of its inlines) go through people.services, so they are
    validated the same way everywhere and leave history naming HR."""

    rights = staticmethod(permissions.can_keep_catalogue)

    def service_save(self, request, *, actor, obj, form, change):
        return services.catalogue_save(actor=actor, instance=obj, changed=form.changed_data if change else None)

    def service_save_formset(self, request, *, actor, form, formset, change):
        if not issubclass(formset.model, services.CATALOGUE_MODELS):
            return super().service_save_formset(request, actor=actor, form=form, formset=formset, change=change)
        for obj in formset.save(commit=False):  # writes nothing; records what changed for the change message
            try:
                services.catalogue_save(actor=actor, instance=obj)
            except REFUSALS as error:
                raise refused(error, about=obj) from error
        for obj in formset.deleted_objects:
            try:
                services.catalogue_delete(actor=actor, instance=obj)
            except REFUSALS as error:
                raise refused(error, about=obj) from error
        return None

    def delete_model(self, request, obj):
        services.catalogue_delete(actor=request_actor(request), instance=obj)

    def delete_queryset(self, request, queryset):
        self.delete_all_or_none(request, queryset, lambda actor, obj: services.catalogue_delete(actor=actor, instance=obj))

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.ERROR)
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", object_id)


class MemberInline(admin.TabularInline):
    model = Person
    fk_name = "team"
    fields = ["full_name", "title", "manager", "status"]
    readonly_fields = ["full_name", "title", "manager", "status"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(CatalogueAdmin):
    list_display = ["name", "member_count"]
    search_fields = ["name"]
    inlines = [MemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            active_members=Count("members", filter=Q(members__status=PersonStatus.ACTIVE))
        )

    @admin.display(description="Active members", ordering="active_members")
    def member_count(self, team):
        return team.active_members


@admin.register(Skill)
class SkillAdmin(CatalogueAdmin):
    list_display = ["name", "category"]
    list_filter = ["category"]
    search_fields = ["name", "description"]


class RoleSkillInline(RightsMixin, admin.TabularInline):
    model = RoleSkill
    extra = 1
    autocomplete_fields = ["skill"]

    rights = staticmethod(permissions.can_keep_catalogue)


@admin.register(JobRole)
class JobRoleAdmin(CatalogueAdmin):
    list_display = ["title", "track", "level"]
    list_filter = ["track", "level"]
    search_fields = ["title"]
    inlines = [RoleSkillInline]


class QuotaRecordInline(RightsMixin, admin.TabularInline):
    model = QuotaRecord
    fields = ["year", "quarter", "quota", "attained", "tier"]
    readonly_fields = ["tier"]
    extra = 0

    rights = staticmethod(permissions.can_set_quota)


@admin.register(Person)
class PersonAdmin(ExportMixin, CatalystAdmin):
    resource_classes = [PersonResource]
    list_display = ["full_name", "username", "title", "team", "manager", "job_role", "status", "invitation"]
    actions = ["invite_action"]
    # No filter by team: a large organisation has hundreds of teams, and the sidebar would render
    # every one of them on every page (docs/performance.md). Search finds a team by name instead.
    list_filter = ["status", InvitationFilter, "job_role__track"]
    search_fields = ["full_name", "email", "=employee_id", "user__username", "title", "team__name", "job_role__title"]
    autocomplete_fields = ["manager", "team", "job_role"]
    list_select_related = ["user", "team", "manager", "job_role"]
    readonly_fields = ["user", "api_tokens", "status", "left_on", "leaving_reason", "is_anonymised", "created_at", "updated_at",
                       "invited_at", "invited_by", "invitation_accepted_at"]
    fieldsets = [
        (None, {"fields": ["user", "api_tokens", "full_name", "email", "employee_id", "title", "hire_date"]}),
        ("Organisation", {"fields": ["team", "manager", "job_role"]}),
        ("Status", {"fields": ["status", "left_on", "leaving_reason", "is_anonymised", "created_at", "updated_at"]}),
        ("Invitation to sign in", {"fields": ["invited_at", "invited_by", "invitation_accepted_at"]}),
    ]
    inlines = [QuotaRecordInline]
    # import-export renders this as the change list and extends its own export template from it.
    import_export_change_list_template = "admin/people/person/change_list.html"
    show_full_result_count = False  # one COUNT(*) per page instead of two
    ordering = ["full_name", "id"]  # served by the (full_name, id) index; no sort of every person per page
    list_per_page = 50  # each row costs about 0.3 ms to render; 100 rows made the page the slowest one

    @admin.display(description="Username", ordering="user__username")
    def username(self, person):
        return person.user.username

    @admin.display(description="API tokens")
    def api_tokens(self, person):
        """How many live tokens the person holds, linking to the list where HR revokes them."""
        count = ApiToken.objects.filter(user_id=person.user_id).count()
        url = reverse("admin:people_apitoken_changelist") + f"?user__id__exact={person.user_id}"
        return format_html('<a href="{}">{} API token{}</a>', url, count, "" if count == 1 else "s")

    @admin.display(description="Invitation", ordering="invited_at")
    def invitation(self, person):
        if person.invitation_accepted_at:
            return f"Accepted {date_format(timezone.localtime(person.invitation_accepted_at), 'j M Y')}"
        if person.invited_at:
            return f"Invited {date_format(timezone.localtime(person.invited_at), 'j M Y')}"
        return "—"

    def has_invite_permission(self, request) -> bool:
        return actor_may(request, permissions.can_invite_people)

    @admin.action(description="Invite to sign in (email a link to set a password)", permissions=["invite"])
    def invite_action(self, request, queryset):
        result = services.people_invite(actor=request_actor(request), people=list(queryset))
        if result.invited:
            days = settings.CATALYST["INVITE_DAYS"]
            self.message_user(
                request, f"Invited {_count_people(len(result.invited))}: each gets an email with a link that works "
                f"once, for {days} days. Earlier links no longer work.", messages.SUCCESS,
            )
        if result.refused:
            reasons = " ".join(f"Not invited: {reason}" for _person, reason in result.refused)
            self.message_user(request, reasons, messages.WARNING)

    def action_checkbox(self, obj):
        """The same checkbox as ModelAdmin's, written directly: rendering a CheckboxInput widget
        through the form template engine cost about half of each row's time (docs/performance.md)."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, str(obj.pk), label,
        )

    def export_action(self, request):
        """The export page reads the list's filters from its address; one it cannot read is explained,
        not a server error."""
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            self.message_user(request, "The export did not understand the filters in its address; "
                              "choose the format again below.", messages.ERROR)
            return redirect("admin:people_person_export")

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        services.data_export_record(
            user=request.user, model="people.Person", file_format=file_format.get_title(),
            row_count=queryset.count(), filters=request.META.get("QUERY_STRING", ""),
        )
        return data

    def has_delete_permission(self, request, obj=None):
        return False  # people are never hard-deleted; offboarding makes them alumni

    def has_add_permission(self, request):
        return False  # people come in through the import (and its account creation)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and actor_may(request, permissions.can_change_people)

    def get_urls(self):
        return [
            path("import-csv/", self.admin_site.admin_view(self.import_csv_view), name="people_person_import_csv"),
            *super().get_urls(),
        ]

    def import_csv_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        report = None
        form = PeopleImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = people_import_csv(
                actor=request_actor(request), file=form.cleaned_data["file"],
                send_invitations=form.cleaned_data["send_invitations"],
            )
            if report.created or report.updated:
                messages.success(request, f"Imported {report.created} new and {report.updated} changed people.")
            if report.invited:
                messages.success(request, f"Invited {_count_people(report.invited)} to set a password by email.")
            if report.not_invited:
                messages.warning(request, f"{_count_people(len(report.not_invited))} imported but not invited; "
                                 "see the lines below.")
            if report.errors:
                messages.warning(request, f"{len(report.errors)} rows were not imported; see the lines below.")
        context = {**self.admin_site.each_context(request), "form": form, "report": report, "opts": self.model._meta, "title": "Import people from CSV"}
        return render(request, "admin/people/person/import_csv.html", context)

    def service_save(self, request, *, actor, obj, form, change):
        return services.person_update(actor=actor, person=obj, **changed_fields(form, services.PERSON_CHANGEABLE_FIELDS))

    def service_save_formset(self, request, *, actor, form, formset, change):
        if formset.model is not QuotaRecord:
            return super().service_save_formset(request, actor=actor, form=form, formset=formset, change=change)
        kept = formset.save(commit=False)  # writes nothing; sorts the rows into kept and deleted
        for record in formset.deleted_objects:  # first: a kept record may move into a removed one's quarter
            try:
                services.quota_record_delete(actor=actor, record=record)
            except REFUSALS as error:
                raise refused(error, about=record) from error
        for record in kept:
            figures = {"person": form.instance, "year": record.year, "quarter": record.quarter,
                       "quota": record.quota, "attained": record.attained}
            try:
                if record.pk is None:
                    services.quota_record_set(actor=actor, **figures)
                else:
                    services.quota_record_update(actor=actor, record=record, **figures)
            except REFUSALS as error:
                raise refused(error, about=record) from error
        return None


@admin.register(QuotaRecord)
class QuotaRecordAdmin(RightsMixin, CatalystAdmin):
    list_display = ["person", "year", "quarter", "quota", "attained", "attainment", "tier"]
    list_filter = ["year", "quarter", "tier", "person__team"]
    search_fields = ["person__full_name"]
    autocomplete_fields = ["person"]
    readonly_fields = ["tier"]
    list_select_related = ["person"]

    @admin.display(description="Attainment %")
    def attainment(self, record):
        return record.attainment_percent

    rights = staticmethod(permissions.can_set_quota)

    def delete_model(self, request, obj):
        services.quota_record_delete(actor=request_actor(request), record=obj)

    def delete_queryset(self, request, queryset):
        self.delete_all_or_none(request, queryset, lambda actor, record: services.quota_record_delete(actor=actor, record=record))

    def service_save(self, request, *, actor, obj, form, change):
        figures = {"person": obj.person, "year": obj.year, "quarter": obj.quarter,
                   "quota": obj.quota, "attained": obj.attained}
        if change:
            return services.quota_record_update(actor=actor, record=obj, **figures)
        return services.quota_record_set(actor=actor, **figures)


@admin.register(DataExportRecord)
class DataExportRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "user", "model", "file_format", "row_count"]
    list_filter = ["model", "created_at"]
    readonly_fields = ["created_at", "user", "model", "file_format", "row_count", "filters"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Who holds API tokens, since when, when each was last used and when it expires; HR revokes them
    (deletes, one or many). A token's secret is shown once to whoever signed in and is stored only as
    a hash, so nothing here can show it; tokens are issued by signing in, never added here."""

    list_display = ["user", "person_name", "created_at", "last_used_at", "expires_at"]
    list_filter = ["created_at", "last_used_at"]
    search_fields = ["user__username", "user__person__full_name"]
    list_select_related = ["user", "user__person"]
    fields = ["user", "person_name", "created_at", "last_used_at", "expires_at"]
    readonly_fields = fields
    date_hierarchy = "created_at"

    @admin.display(description="Person", ordering="user__person__full_name")
    def person_name(self, token):
        person = getattr(token.user, "person", None)
        return person.full_name if person else "-"

    @admin.display(description="Expires")
    def expires_at(self, token):
        return token.expires_at

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.api_token_revoke(token=obj)

    def delete_queryset(self, request, queryset):
        for token in queryset:
            services.api_token_revoke(token=token)


class SuperuserWritesOnly:
    """Accounts and groups carry the rights (superuser, staff, groups, permissions, the password): HR
    may look at them (auth.view_*), only a superuser adds, changes or deletes one, whatever
    permissions an account was given by hand. Otherwise HR could make anyone a superuser, put itself
    in any group, or set someone's password and sign in as them. HR edits people on the Person page."""

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class AccountAdmin(SuperuserWritesOnly, UserAdmin):
    pass


class AccountGroupAdmin(SuperuserWritesOnly, GroupAdmin):
    pass


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AccountAdmin)
admin.site.unregister(Group)
admin.site.register(Group, AccountGroupAdmin)


from people import admin_mfa  # noqa: E402, F401  (the second factor's devices: superusers only)
