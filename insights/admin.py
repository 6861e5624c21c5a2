"""The reminder schedules in the admin: HR changes when they run, only a superuser changes what runs.

django-celery-beat's own admin lets anyone who may change a periodic task pick any registered task
and give it any arguments. HR holds that right so it can move a schedule or pause it; on that page
it now changes only whether the schedule is enabled, its crontab and its description, and only a
superuser adds, deletes or re-points a schedule."""
from django import forms
from django.contrib import admin
from django_celery_beat.admin import PeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask

#: What HR may change on a schedule: when it runs, whether it runs, what it says.
HR_SCHEDULE_FIELDS = ["enabled", "crontab", "description"]


class ScheduleTimesForm(forms.ModelForm):
    class Meta:
        model = PeriodicTask
        fields = HR_SCHEDULE_FIELDS


class CatalystPeriodicTaskAdmin(PeriodicTaskAdmin):
    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return self._superuser(request) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request) and super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._superuser(request):
            return super().get_form(request, obj, change=change, **kwargs)
        return ScheduleTimesForm

    def get_fieldsets(self, request, obj=None):
        if self._superuser(request):
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": ["name", "task", "kwargs", *HR_SCHEDULE_FIELDS, "last_run_at"]})]

    def get_readonly_fields(self, request, obj=None):
        if self._superuser(request):
            return super().get_readonly_fields(request, obj)
        return ["name", "task", "kwargs", "last_run_at"]


admin.site.unregister(PeriodicTask)
admin.site.register(PeriodicTask, CatalystPeriodicTaskAdmin)
