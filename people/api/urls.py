from django.urls import path

from people.api import alumni, notifications, views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("people/<int:pk>/offboard/", alumni.PersonOffboardView.as_view(), name="api-person-offboard"),
    path("people/<int:pk>/rehire/", alumni.PersonRehireView.as_view(), name="api-person-rehire"),
    path("people/<int:pk>/anonymise/", alumni.PersonAnonymiseView.as_view(), name="api-person-anonymise"),
    path("alumni/", alumni.AlumniDirectoryView.as_view(), name="api-alumni-directory"),
    path("alumni/me/", alumni.AlumniMeView.as_view(), name="api-alumni-me"),
    path("alumni/contributions/", alumni.AlumniContributionCreateView.as_view(), name="api-alumni-contributions"),
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
