from django.urls import path

from alumni import views

app_name = "alumni"

urlpatterns = [
    path("alumni/", views.directory, name="directory"),
    path("alumni/profile/", views.profile, name="profile"),
]
