from django.contrib.admin.apps import AdminConfig


class CatalystAdminConfig(AdminConfig):
    default_site = "config.admin.CatalystAdminSite"
