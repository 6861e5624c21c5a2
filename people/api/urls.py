from django.urls import path

from people.api import notifications, views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("notifications/", notifications.NotificationListView.as_view(), name="api-notifications"),
    path("notifications/read-all/", notifications.NotificationReadAllView.as_view(), name="api-notifications-read-all"),
    path(
        "notifications/preferences/",
        notifications.NotificationPreferencesView.as_view(),
        name="api-notification-preferences",
    ),
    path("notifications/<int:id>/read/", notifications.NotificationReadView.as_view(), name="api-notification-read"),
    path("calendar/feed/", notifications.CalendarFeedView.as_view(), name="api-calendar-feed"),
    path("calendar/feed/rotate/", notifications.CalendarFeedRotateView.as_view(), name="api-calendar-feed-rotate"),
]
