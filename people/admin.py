from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from people import alumni, offboarding, services
from people.access import is_hr, request_actor
from people.alumni_forms import AnonymiseForm, OffboardForm, RehireForm
from people.exceptions import TransitionNotAllowed
from people.forms import PeopleImportForm
from people.importing import people_import_csv
from people.models import (
    AlumniContribution,
    AlumniProfile,
    CalendarFeed,
    DataExportRecord,
    ErasureRecord,
    JobRole,
    Notification,
    NotificationPreference,
    OffboardingRecord,
    Person,
    PersonStatus,
    QuotaRecord,
    RoleSkill,
    Skill,
    Team,
)
from people.resources import PersonResource
from people.response_cache import CachedChangelistMixin


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
class TeamAdmin(SimpleHistoryAdmin):
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
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "category"]
    list_filter = ["category"]
    search_fields = ["name", "description"]


class RoleSkillInline(admin.TabularInline):
    model = RoleSkill
    extra = 1
    autocomplete_fields = ["skill"]


@admin.register(JobRole)
class JobRoleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "track", "level"]
    list_filter = ["track", "level"]
    search_fields = ["title"]
    inlines = [RoleSkillInline]


class QuotaRecordInline(admin.TabularInline):
    model = QuotaRecord
    fields = ["year", "quarter", "quota", "attained", "tier"]
    readonly_fields = ["tier"]
    extra = 0


@admin.register(Person)
class PersonAdmin(CachedChangelistMixin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [PersonResource]
    list_display = ["full_name", "username", "title", "team", "manager", "job_role", "status"]
    # No filter by team: a large organisation has hundreds of teams, and the sidebar would render
    # every one of them on every page (docs/performance.md). Search finds a team by name instead.
    list_filter = ["status", "job_role__track"]  # role and team by search: a filter list of every team costs a query per page
    search_fields = ["full_name", "email", "user__username", "title", "team__name", "job_role__title"]
    autocomplete_fields = ["manager", "team", "job_role"]
    list_select_related = ["user", "team", "manager", "job_role"]
    readonly_fields = ["user", "status", "left_on", "leaving_reason", "is_anonymised", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["user", "full_name", "email", "title", "hire_date"]}),
        ("Organisation", {"fields": ["team", "manager", "job_role"]}),
        ("Status", {"fields": ["status", "left_on", "leaving_reason", "is_anonymised", "created_at", "updated_at"]}),
    ]
    inlines = [QuotaRecordInline]
    # import-export renders this as the change list and extends its own export template from it.
    import_export_change_list_template = "admin/people/person/change_list.html"
    show_full_result_count = False  # one COUNT(*) per page instead of two
    ordering = ["full_name", "id"]  # served by the (full_name, id) index; no sort of every person per page
    list_per_page = 50  # each row costs about 0.3 ms to render; 100 rows made the page the slowest one
    actions = ["offboard_action", "rehire_action", "anonymise_action"]

    @admin.display(description="Username", ordering="user__username")
    def username(self, person):
        return person.user.username

    def action_checkbox(self, obj):
        """The same checkbox as ModelAdmin's, written directly: rendering a CheckboxInput widget
        through the form template engine cost about half of each row's time (docs/performance.md)."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, str(obj.pk), label,
        )

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        DataExportRecord.objects.create(
            user=request.user, model="people.Person", file_format=file_format.get_title(),
            row_count=queryset.count(), filters=request.META.get("QUERY_STRING", "")[:500],
        )
        return data

    def has_delete_permission(self, request, obj=None):
        return False  # people are never hard-deleted; offboarding makes them alumni

    def has_add_permission(self, request):
        return False  # people come in through the import (and its account creation)

    def get_urls(self):
        return [
            path("import-csv/", self.admin_site.admin_view(self.import_csv_view), name="people_person_import_csv"),
            path("<int:pk>/offboard/", self.admin_site.admin_view(self.offboard_view), name="people_person_offboard"),
            path("<int:pk>/rehire/", self.admin_site.admin_view(self.rehire_view), name="people_person_rehire"),
            path("<int:pk>/anonymise/", self.admin_site.admin_view(self.anonymise_view), name="people_person_anonymise"),
            *super().get_urls(),
        ]

    # --- leaving, coming back, erasure: admin actions open a form page that calls the service ---

    def has_offboarding_permission(self, request) -> bool:
        return is_hr(request_actor(request))

    def _one_person(self, request, queryset, url_name: str):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one person for this action.", messages.WARNING)
            return None
        return redirect(f"admin:{url_name}", queryset.values_list("pk", flat=True).first())

    @admin.action(description="Offboard… (becomes an alumnus)", permissions=["offboarding"])
    def offboard_action(self, request, queryset):
        return self._one_person(request, queryset, "people_person_offboard")

    @admin.action(description="Re-hire… (boomerang)", permissions=["offboarding"])
    def rehire_action(self, request, queryset):
        return self._one_person(request, queryset, "people_person_rehire")

    @admin.action(description="Anonymise on request… (alumni only)", permissions=["offboarding"])
    def anonymise_action(self, request, queryset):
        return self._one_person(request, queryset, "people_person_anonymise")

    def _person_action_view(self, request, pk, *, form_class, title, intro, submit, call):
        actor = request_actor(request)
        if not is_hr(actor):
            raise PermissionDenied("Only HR can do this.")
        person = Person.objects.select_related("user", "manager", "team").filter(pk=pk).first()
        if person is None:
            raise Http404("No such person.")
        form = form_class(request.POST or None, admin_site=self.admin_site) if form_class is not AnonymiseForm else form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                message = call(actor=actor, person=person, data=form.cleaned_data)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, field_messages in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, field_messages)
                else:
                    form.add_error(None, error.messages)
            except TransitionNotAllowed as error:
                self.message_user(request, error.message, messages.ERROR)
                return redirect("admin:people_person_change", person.pk)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return redirect("admin:people_person_change", person.pk)
        reports = list(person.direct_reports.filter(status=PersonStatus.ACTIVE).order_by("full_name")[:50])
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": f"{title}: {person}",
            "person": person, "form": form, "intro": intro, "submit": submit, "reports": reports,
            "media": self.media + form.media,
        }
        return render(request, "admin/people/person/person_action.html", context)

    def offboard_view(self, request, pk):
        def call(*, actor, person, data):
            record = offboarding.person_offboard(
                actor=actor, person=person, left_on=data["left_on"], reason=data["reason"], new_manager=data["new_manager"]
            )
            summary = record.summary
            plans = len(summary.get("devplans", {}).get("plans_archived", []))
            mentorships = len(summary.get("coaching", {}).get("mentorships_ended", []))
            return (f"{person} is now an alumnus. {len(summary['reports_moved'])} reports moved, {plans} plans archived, "
                    f"{mentorships} mentorships ended, {summary['tokens_revoked']} tokens and {summary['sessions_ended']} sessions ended.")

        return self._person_action_view(
            request, pk, form_class=OffboardForm, title="Offboard", submit="Offboard",
            intro=("Their open plans are archived (not deleted), their mentorships end, their reports move to the manager "
                   "you choose, and they can sign in only to the alumni network."),
            call=call,
        )

    def rehire_view(self, request, pk):
        def call(*, actor, person, data):
            offboarding.person_rehire(
                actor=actor, person=person, rehired_on=data["rehired_on"], manager=data["manager"],
                team=data["team"], job_role=data["job_role"],
            )
            return f"Welcome back: {person} is active again. Their history and archived plans are kept."

        return self._person_action_view(
            request, pk, form_class=RehireForm, title="Re-hire", submit="Re-hire",
            intro="They become active again with their history; they leave the alumni directory.", call=call,
        )

    def anonymise_view(self, request, pk):
        def call(*, actor, person, data):
            offboarding.alumnus_anonymise(actor=actor, person=person, requested_on=data["requested_on"], note=data["note"])
            return f"Anonymised: {offboarding.anonymous_name(person.pk)}. Their history is kept without personal data."

        return self._person_action_view(
            request, pk, form_class=AnonymiseForm, title="Anonymise", submit="Anonymise",
            intro=("Erasure on request: name, contact details and alumni profile are blanked here and in the history, "
                   "and the account is closed. This cannot be undone."),
            call=call,
        )

    def import_csv_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        report = None
        form = PeopleImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = people_import_csv(actor=request_actor(request), file=form.cleaned_data["file"])
            if report.created or report.updated:
                messages.success(request, f"Imported {report.created} new and {report.updated} changed people.")
            if report.errors:
                messages.warning(request, f"{len(report.errors)} rows were not imported; see the lines below.")
        context = {**self.admin_site.each_context(request), "form": form, "report": report, "opts": self.model._meta, "title": "Import people from CSV"}
        return render(request, "admin/people/person/import_csv.html", context)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in {
            "full_name", "email", "title", "hire_date", "team", "manager", "job_role"}}
        services.person_update(actor=request_actor(request), person=obj, **fields)

    def save_formset(self, request, form, formset, change):
        if formset.model is QuotaRecord:
            actor = request_actor(request)
            for record in formset.save(commit=False):
                services.quota_record_set(
                    actor=actor, person=form.instance, year=record.year, quarter=record.quarter,
                    quota=record.quota, attained=record.attained,
                )
            return
        super().save_formset(request, form, formset, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        base_clean = form.clean

        def clean(form_self):
            cleaned = base_clean(form_self)
            if "manager" in cleaned and obj is not None:
                try:
                    services.person_validate_manager(person=obj, manager=cleaned.get("manager"))
                except services.ValidationError as error:
                    form_self.add_error("manager", error.message_dict["manager"])
            return cleaned

        form.clean = clean
        return form


@admin.register(QuotaRecord)
class QuotaRecordAdmin(SimpleHistoryAdmin):
    list_display = ["person", "year", "quarter", "quota", "attained", "attainment", "tier"]
    list_filter = ["year", "quarter", "tier", "person__team"]
    search_fields = ["person__full_name"]
    autocomplete_fields = ["person"]
    readonly_fields = ["tier"]
    list_select_related = ["person"]

    @admin.display(description="Attainment %")
    def attainment(self, record):
        return record.attainment_percent

    def save_model(self, request, obj, form, change):
        record = services.quota_record_set(
            actor=request_actor(request), person=obj.person, year=obj.year, quarter=obj.quarter,
            quota=obj.quota, attained=obj.attained,
        )
        obj.pk, obj.tier = record.pk, record.tier


@admin.register(AlumniProfile)
class AlumniProfileAdmin(SimpleHistoryAdmin):
    """The alumnus controls the profile; HR may correct it or withdraw consent on request (never give it)."""

    list_display = ["person", "directory_opt_in", "current_company", "current_title", "consent_changed_at"]
    list_filter = ["directory_opt_in", "open_to_mentoring", "open_to_referrals", "open_to_partnership", "open_to_returning"]
    search_fields = ["person__full_name", "current_company", "current_title"]
    list_select_related = ["person"]
    readonly_fields = ["person", "consent_changed_at", "updated_at"]

    def has_add_permission(self, request):
        return False  # profiles come with offboarding

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        base_clean = form.clean

        def clean(form_self):
            cleaned = base_clean(form_self)
            if obj is not None and cleaned.get("directory_opt_in") and not obj.directory_opt_in:
                form_self.add_error("directory_opt_in", "Only the alumnus can opt in to the directory (consent is theirs).")
            return cleaned

        form.clean = clean
        return form

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in alumni.PROFILE_EDITABLE_FIELDS}
        try:
            alumni.alumni_profile_update(actor=request_actor(request), person=obj.person, **fields)
        except (PermissionDenied, Http404) as error:
            self.message_user(request, str(error) or "Not allowed.", messages.ERROR)


@admin.register(AlumniContribution)
class AlumniContributionAdmin(SimpleHistoryAdmin):
    """Business from the network, with a per-year summary (count, won value, open value by kind)."""

    list_display = ["alumnus", "kind", "status", "value", "occurred_on", "recorded_by"]
    list_filter = ["kind", "status", "occurred_on"]
    search_fields = ["alumnus__full_name", "description"]
    autocomplete_fields = ["alumnus"]
    readonly_fields = ["recorded_by", "created_at"]
    list_select_related = ["alumnus", "recorded_by"]
    date_hierarchy = "occurred_on"
    change_list_template = "admin/people/alumnicontribution/change_list.html"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "alumnus":
            kwargs["queryset"] = Person.objects.filter(status=PersonStatus.ALUMNI)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        actor = request_actor(request)
        data = {name: form.cleaned_data[name] for name in ["kind", "description", "value", "status", "occurred_on"]}
        if change:
            saved = alumni.alumni_contribution_update(actor=actor, contribution=obj, **data)
        else:
            saved = alumni.alumni_contribution_record(actor=actor, alumnus=form.cleaned_data["alumnus"], **data)
        obj.pk = saved.pk

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "contribution_summary": alumni.alumni_contribution_summary()}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(OffboardingRecord)
class OffboardingRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "action", "effective_on", "reason", "performed_by"]
    list_filter = ["action"]
    search_fields = ["person__full_name"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ErasureRecord)
class ErasureRecordAdmin(OffboardingRecordAdmin):
    list_display = ["person", "requested_on", "performed_by", "performed_at"]
    list_filter = []
    search_fields = []


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "period", "created_at", "read_at", "email_sent_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["recipient__full_name", "title", "subject_key"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "email_enabled"]
    list_filter = ["kind", "email_enabled"]
    autocomplete_fields = ["person"]


@admin.register(DataExportRecord)
class DataExportRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "model", "file_format", "row_count"]
    list_filter = ["model", "created_at"]
    readonly_fields = ["created_at", "user", "model", "file_format", "row_count", "filters"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Who has a calendar feed and when it was last rotated. The secret itself is never shown."""

    list_display = ["person", "created_at", "rotated_at"]
    search_fields = ["person__full_name"]
    fields = ["person", "created_at", "rotated_at"]
    readonly_fields = fields
    list_select_related = ["person"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
