from django.urls import path

from notifications.api import views

urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="api-notifications"),
    path("notifications/read-all/", views.NotificationReadAllView.as_view(), name="api-notifications-read-all"),
    path("notifications/preferences/", views.NotificationPreferencesView.as_view(), name="api-notification-preferences"),
    path("notifications/<int:id>/read/", views.NotificationReadView.as_view(), name="api-notification-read"),
    path("calendar/feed/", views.CalendarFeedView.as_view(), name="api-calendar-feed"),
    path("calendar/feed/rotate/", views.CalendarFeedRotateView.as_view(), name="api-calendar-feed-rotate"),
]
