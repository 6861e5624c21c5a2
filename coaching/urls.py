from django.urls import path

from coaching import views

app_name = "coaching"

urlpatterns = [
    path("team/", views.team, name="team"),
    path("coaching/sessions/new/", views.session_new, name="session-new"),
    path("coaching/sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("coaching/sessions/<int:pk>/<slug:action>/", views.session_act, name="session-act"),
    path("coaching/mentorships/", views.mentorships, name="mentorships"),
]
