from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("", views.home, name="home"),
    path("alumni/", views.alumni_directory, name="alumni-directory"),
    path("alumni/profile/", views.alumni_profile, name="alumni-profile"),
    path("notifications/", views.notifications, name="notifications"),
]
