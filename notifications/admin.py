from django.contrib import admin

from common.admin import ReadOnlyAdminMixin
from notifications.models import CalendarFeed, Notification, NotificationPreference, SweepRun


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Reminders are history: who was told what, and when."""

    list_display = ["title", "recipient", "kind", "period", "created_at", "read_at", "email_sent_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["recipient__full_name", "title", "subject_key"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]



@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: each person sets their own email preferences (notification_preferences_set, from their
    preferences page or the API); HR may look, to answer "why did I not get an email?"."""

    list_display = ["person", "kind", "email_enabled"]
    list_filter = ["kind", "email_enabled"]
    search_fields = ["person__full_name"]
    list_select_related = ["person"]
    fields = ["person", "kind", "email_enabled"]
    readonly_fields = fields



@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who has a calendar feed and when it was last rotated. The secret itself is never shown; the feed is its
    owner's, who rotates it, and it goes with the person."""

    list_display = ["person", "created_at", "rotated_at"]
    search_fields = ["person__full_name"]
    fields = ["person", "created_at", "rotated_at"]
    readonly_fields = fields
    list_select_related = ["person"]


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Which reminder sweeps ran for which dates, and what they created: "did the reminders go out today?"."""

    list_display = ["sweep", "date", "finished_at", "runs"]
    list_filter = ["sweep", "date"]
    date_hierarchy = "date"
    fields = ["sweep", "date", "finished_at", "runs", "created"]
    readonly_fields = fields
