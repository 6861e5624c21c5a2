"""The second factor in the admin: superusers only. A superuser resets the second factor of someone who
lost their phone and their recovery codes (people.mfa.second_factor_reset); HR itself cannot, so a
stolen HR password plus a helpful colleague is not enough to take over an account."""
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from people import mfa


class SuperuserOnlyMixin:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False  # each person sets up their own, from the sign-in security page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.action(description="Reset the second factor of the selected people (they set up a new one at next sign-in)")
def reset_second_factor(modeladmin, request, queryset):
    users = get_user_model().objects.filter(pk__in=queryset.values("user_id"))
    for user in users:
        mfa.second_factor_reset(actor=request.user, user=user)
        modeladmin.log_change(request, user, f"Reset the second factor of {user.get_username()}")
    modeladmin.message_user(request, f"Reset the second factor of {len(users)} account(s).", messages.SUCCESS)


class CatalystTOTPDeviceAdmin(SuperuserOnlyMixin, TOTPDeviceAdmin):
    actions = [reset_second_factor]
    list_display = ["user", "name", "created_at", "last_used_at", "confirmed"]


class CatalystStaticDeviceAdmin(SuperuserOnlyMixin, StaticDeviceAdmin):
    actions = [reset_second_factor]
    list_display = ["user", "name", "created_at", "last_used_at"]
    # The recovery codes themselves are never shown, not even to a superuser.
    inlines = []


for model, model_admin in ((TOTPDevice, CatalystTOTPDeviceAdmin), (StaticDevice, CatalystStaticDeviceAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
