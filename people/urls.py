from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("", views.home, name="home"),
    path("alumni/", views.alumni_directory, name="alumni-directory"),
    path("alumni/profile/", views.alumni_profile, name="alumni-profile"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("notifications/preferences/", views.notification_preferences, name="notification-preferences"),
    path("notifications/<int:notification_id>/read/", views.notification_read, name="notification-read"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
