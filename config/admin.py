"""The HR admin: only members of the HR group (and superusers) get in."""
from django.contrib import admin

from people.models import HR_GROUP_NAME


class CatalystAdminSite(admin.AdminSite):
    site_header = "Catalyst HR"
    site_title = "Catalyst HR"
    index_title = "People, plans and coaching"

    def has_permission(self, request) -> bool:
        cached = getattr(request, "_catalyst_hr_admin", None)  # asked several times per page
        if cached is None:
            user = request.user
            cached = bool(user.is_active and user.is_staff) and (
                user.is_superuser or user.groups.filter(name=HR_GROUP_NAME).exists()
            )
            request._catalyst_hr_admin = cached
        return cached

    def index(self, request, extra_context=None):
        from insights.dashboard import hr_dashboard

        extra_context = {**(extra_context or {}), "dashboard": hr_dashboard()}
        return super().index(request, extra_context)
