"""CSV/XLSX export of people for HR (django-import-export), with formula cells escaped."""
from import_export import fields, resources

from people.models import Person


class PersonResource(resources.ModelResource):
    username = fields.Field(attribute="user__username", column_name="username")
    team = fields.Field(attribute="team__name", column_name="team")
    manager = fields.Field(attribute="manager__user__username", column_name="manager")
    job_role = fields.Field(attribute="job_role__title", column_name="job_role")

    class Meta:
        model = Person
        fields = ["username", "employee_id", "full_name", "email", "title", "hire_date", "team", "manager", "job_role", "status"]
        export_order = fields

    def get_export_queryset(self, request=None, **kwargs):
        return Person.objects.select_related("user", "team", "manager__user", "job_role")
