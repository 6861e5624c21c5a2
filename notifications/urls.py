from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notifications, name="list"),
    path("notifications/read-all/", views.notifications_read_all, name="read-all"),
    path("notifications/preferences/", views.notification_preferences, name="preferences"),
    path("notifications/calendar/rotate/", views.calendar_feed_rotate_view, name="calendar-rotate"),
    path("notifications/<int:notification_id>/read/", views.notification_read, name="read"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
