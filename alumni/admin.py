"""HR's alumni screens: profiles (consent is the alumnus's), the network's business, and the records of
leaving, coming back and erasure. Offboarding, re-hire and erasure are actions on the person, so the
people list gains them here: the Person admin is extended, not copied."""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from alumni import permissions, selectors, services
from alumni.forms import AnonymiseForm, OffboardForm, RehireForm
from alumni.models import AlumniContribution, AlumniProfile, ErasureRecord, OffboardingRecord
from alumni.selectors import PROFILE_EDITABLE_FIELDS
from common.admin import ReadOnlyAdminMixin, changed_fields, refused
from common.exceptions import TransitionNotAllowed
from common.forms import add_service_errors
from people.access import request_actor
from people.admin import CatalystAdmin, PersonAdmin
from people.leaving import describe_offboarding
from people.models import Person, PersonStatus
from people.selectors import direct_reports


class LeavingPersonAdmin(PersonAdmin):
    """The people list with offboarding, re-hire and erasure: each opens a form page that calls the service."""

    actions = [*PersonAdmin.actions, "offboard_action", "rehire_action", "anonymise_action"]

    def get_urls(self):
        return [
            path("<int:pk>/offboard/", self.admin_site.admin_view(self.offboard_view), name="people_person_offboard"),
            path("<int:pk>/rehire/", self.admin_site.admin_view(self.rehire_view), name="people_person_rehire"),
            path("<int:pk>/anonymise/", self.admin_site.admin_view(self.anonymise_view), name="people_person_anonymise"),
            *super().get_urls(),
        ]

    def has_offboard_permission(self, request) -> bool:
        return permissions.can_offboard(request_actor(request))

    def has_rehire_permission(self, request) -> bool:
        return permissions.can_rehire(request_actor(request))

    def has_anonymise_permission(self, request) -> bool:
        return permissions.can_anonymise(request_actor(request))

    def _one_person(self, request, queryset, url_name: str):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one person for this action.", messages.WARNING)
            return None
        return redirect(f"admin:{url_name}", queryset.values_list("pk", flat=True).first())

    @admin.action(description="Offboard… (becomes an alumnus)", permissions=["offboard"])
    def offboard_action(self, request, queryset):
        return self._one_person(request, queryset, "people_person_offboard")

    @admin.action(description="Re-hire… (boomerang)", permissions=["rehire"])
    def rehire_action(self, request, queryset):
        return self._one_person(request, queryset, "people_person_rehire")

    @admin.action(description="Anonymise on request… (alumni only)", permissions=["anonymise"])
    def anonymise_action(self, request, queryset):
        return self._one_person(request, queryset, "people_person_anonymise")

    def _person_action_view(self, request, pk, *, allowed, refusal, form_class, title, intro, submit, call):
        actor = request_actor(request)
        if not allowed(actor):
            raise PermissionDenied(refusal)
        person = Person.objects.select_related("user", "manager", "team").filter(pk=pk).first()
        if person is None:
            raise Http404("No such person.")
        form = form_class(request.POST or None, admin_site=self.admin_site) if form_class is not AnonymiseForm else form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                message = call(actor=actor, person=person, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except TransitionNotAllowed as error:
                self.message_user(request, error.message, messages.ERROR)
                return redirect("admin:people_person_change", person.pk)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return redirect("admin:people_person_change", person.pk)
        reports = list(direct_reports(person)[:50])
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": f"{title}: {person}",
            "person": person, "form": form, "intro": intro, "submit": submit, "reports": reports,
            "media": self.media + form.media,
        }
        return render(request, "admin/alumni/person_action.html", context)

    def offboard_view(self, request, pk):
        def call(*, actor, person, data):
            record = services.person_offboard(
                actor=actor, person=person, left_on=data["left_on"], reason=data["reason"], new_manager=data["new_manager"]
            )
            summary = record.summary
            done = [f"{len(summary['reports_moved'])} reports moved", *describe_offboarding(summary),
                    f"{summary['tokens_revoked']} tokens and {summary['sessions_ended']} sessions ended"]
            return f"{person} is now an alumnus. {', '.join(done)}."

        return self._person_action_view(
            request, pk, allowed=permissions.can_offboard, refusal=permissions.OFFBOARD_REFUSED,
            form_class=OffboardForm, title="Offboard", submit="Offboard",
            intro=("Their open plans are archived (not deleted), their mentorships end, their reports move to the manager "
                   "you choose, and they can sign in only to the alumni network."),
            call=call,
        )

    def rehire_view(self, request, pk):
        def call(*, actor, person, data):
            services.person_rehire(
                actor=actor, person=person, rehired_on=data["rehired_on"], manager=data["manager"],
                team=data["team"], job_role=data["job_role"],
            )
            return f"Welcome back: {person} is active again. Their history and archived plans are kept."

        return self._person_action_view(
            request, pk, allowed=permissions.can_rehire, refusal=permissions.REHIRE_REFUSED,
            form_class=RehireForm, title="Re-hire", submit="Re-hire",
            intro="They become active again with their history; they leave the alumni directory.", call=call,
        )

    def anonymise_view(self, request, pk):
        def call(*, actor, person, data):
            services.alumnus_anonymise(actor=actor, person=person, requested_on=data["requested_on"], note=data["note"])
            return f"Anonymised: {services.anonymous_name(person.pk)}. Their history is kept without personal data."

        return self._person_action_view(
            request, pk, allowed=permissions.can_anonymise, refusal=permissions.ANONYMISE_REFUSED,
            form_class=AnonymiseForm, title="Anonymise", submit="Anonymise",
            intro=("Erasure on request: name, contact details and alumni profile are blanked here and in the history, "
                   "and the account is closed. This cannot be undone."),
            call=call,
        )

admin.site.unregister(Person)
admin.site.register(Person, LeavingPersonAdmin)


@admin.register(AlumniProfile)
class AlumniProfileAdmin(CatalystAdmin):
    """The alumnus controls the profile; HR may correct it or withdraw consent on request (never give it).
    The rule lives in alumni.permissions; the service's refusal is shown on the form, nothing saved."""

    list_display = ["person", "directory_opt_in", "current_company", "current_title", "consent_changed_at"]
    list_filter = ["directory_opt_in", "open_to_mentoring", "open_to_referrals", "open_to_partnership", "open_to_returning"]
    search_fields = ["person__full_name", "current_company", "current_title"]
    list_select_related = ["person"]
    readonly_fields = ["person", "consent_changed_at", "updated_at"]

    def has_add_permission(self, request):
        return False  # profiles come with offboarding

    def has_delete_permission(self, request, obj=None):
        return False

    def service_save(self, request, *, actor, obj, form, change):
        try:
            return services.alumni_profile_update(
                actor=actor, person=obj.person, **changed_fields(form, PROFILE_EDITABLE_FIELDS)
            )
        except Http404 as error:  # the person came back: only alumni have a profile to change
            raise refused(error) from error


@admin.register(AlumniContribution)
class AlumniContributionAdmin(CatalystAdmin):
    """Business from the network, with a per-year summary (count, won value, open value by kind).

    The alumnus is chosen when the contribution is recorded and cannot be changed afterwards (the service
    corrects only the figures); the service's refusal is shown on the form, nothing saved."""

    list_display = ["alumnus", "kind", "status", "value", "occurred_on", "recorded_by"]
    list_filter = ["kind", "status", "occurred_on"]
    search_fields = ["alumnus__full_name", "description"]
    autocomplete_fields = ["alumnus"]
    readonly_fields = ["recorded_by", "created_at"]
    list_select_related = ["alumnus", "recorded_by"]
    date_hierarchy = "occurred_on"
    change_list_template = "admin/alumni/alumnicontribution/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return ["alumnus", *readonly] if obj is not None else readonly

    def has_add_permission(self, request):
        return super().has_add_permission(request) and permissions.can_record_contribution(request_actor(request))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and permissions.can_change_contribution(request_actor(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "alumnus":
            kwargs["queryset"] = Person.objects.filter(status=PersonStatus.ALUMNI)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def service_save(self, request, *, actor, obj, form, change):
        data = {name: form.cleaned_data[name] for name in ["kind", "description", "value", "status", "occurred_on"]}
        if change:
            return services.alumni_contribution_update(actor=actor, contribution=obj, **data)
        return services.alumni_contribution_record(actor=actor, alumnus=form.cleaned_data["alumnus"], **data)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "contribution_summary": selectors.alumni_contribution_summary()}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(OffboardingRecord)
class OffboardingRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["person", "action", "effective_on", "reason", "performed_by"]
    list_filter = ["action"]
    search_fields = ["person__full_name"]


@admin.register(ErasureRecord)
class ErasureRecordAdmin(OffboardingRecordAdmin):
    list_display = ["person", "requested_on", "performed_by", "performed_at"]
    list_filter = []
    search_fields = []
