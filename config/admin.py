"""The HR admin: only members of the HR group (and superusers) get in."""
from django.contrib import admin

from people.models import HR_GROUP_NAME


class CatalystAdminSite(admin.AdminSite):
    site_header = "Catalyst HR"
    site_title = "Catalyst HR"
    index_title = "People, plans and coaching"

    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.is_superuser or user.groups.filter(name=HR_GROUP_NAME).exists()

    def index(self, request, extra_context=None):
        from config.dashboard import hr_dashboard

        extra_context = {**(extra_context or {}), "dashboard": hr_dashboard()}
        return super().index(request, extra_context)
