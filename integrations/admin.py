"""HR's screen on integration tokens: create one (its secret is shown once, on the page after the
save, and never again), list them without their secrets, and revoke them (an action)."""
from django.contrib import admin
from django.template.response import TemplateResponse

from common.admin import ServiceSavesAdmin
from integrations import permissions, services
from integrations.models import IntegrationToken
from people.access import request_actor


def _may_manage(request) -> bool:
    actor = request_actor(request)
    return request.user.is_superuser if actor is None else permissions.can_manage_integration_tokens(actor)


@admin.register(IntegrationToken)
class IntegrationTokenAdmin(ServiceSavesAdmin):
    list_display = ("name", "scope", "created_by", "created_at", "last_used_at", "revoked_at")
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name",)
    fields = ("name", "scope")
    readonly_fields = ("created_by", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def service_actor(self, request):
        return request_actor(request)

    def get_fields(self, request, obj=None):
        return ("name", "scope") if obj is None else ("name", "scope", *self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("name", "scope", *self.readonly_fields)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and _may_manage(request)

    def has_change_permission(self, request, obj=None):
        return False  # a token is made and revoked, never edited

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay listed: who made them and when they were last used

    def service_save(self, request, *, actor, obj, form, change):
        issued = services.integration_token_create(
            actor=actor, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
        )
        request._issued_token = issued.plaintext
        return issued.token

    def response_add(self, request, obj, post_url_continue=None):
        # The secret goes into this page only: not into a message (messages may travel in a cookie).
        return TemplateResponse(request, "admin/integrations/token_created.html", {
            **self.admin_site.each_context(request),
            "title": "Integration token created",
            "token": obj,
            "plaintext": request._issued_token,
            "opts": self.model._meta,
        })

    @admin.action(description="Revoke the selected tokens (they stop working at once)")
    def revoke(self, request, queryset):
        if not _may_manage(request):
            self.message_user(request, permissions.TOKEN_MANAGE_REFUSED, "error")
            return
        self.run_for_each(
            request, queryset, lambda actor, token: services.integration_token_revoke(actor=actor, token=token),
            done="Revoked",
        )
