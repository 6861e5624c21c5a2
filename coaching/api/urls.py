from django.urls import path

from coaching.api import views

urlpatterns = [
    path("coaching/sessions/", views.SessionListCreate.as_view(), name="api-coaching-sessions"),
    path("coaching/sessions/<int:pk>/", views.SessionDetail.as_view(), name="api-coaching-session"),
    path("coaching/sessions/<int:pk>/hold/", views.SessionHold.as_view(), name="api-coaching-session-hold"),
    path("coaching/sessions/<int:pk>/cancel/", views.SessionCancel.as_view(), name="api-coaching-session-cancel"),
    path("coaching/sessions/<int:pk>/miss/", views.SessionMiss.as_view(), name="api-coaching-session-miss"),
    path("coaching/sessions/<int:pk>/agenda/", views.SessionAgenda.as_view(), name="api-coaching-session-agenda"),
    path("coaching/sessions/<int:pk>/action-items/", views.SessionActionItems.as_view(), name="api-coaching-session-action-items"),
    path("coaching/action-items/<int:pk>/to-milestone/", views.ActionItemToMilestone.as_view(), name="api-coaching-action-item-to-milestone"),
    path("coaching/cadence/", views.Cadence.as_view(), name="api-coaching-cadence"),
    path("coaching/observations/", views.ObservationCreate.as_view(), name="api-coaching-observations"),
    path("coaching/flight-risk/", views.FlightRiskList.as_view(), name="api-coaching-flight-risk"),
    path("coaching/flight-risk/<int:person_id>/", views.FlightRiskDetail.as_view(), name="api-coaching-flight-risk-person"),
    path("mentorships/", views.MentorshipListCreate.as_view(), name="api-mentorships"),
    path("mentorships/<int:pk>/", views.MentorshipDetail.as_view(), name="api-mentorship"),
    path("mentorships/<int:pk>/activate/", views.MentorshipActivate.as_view(), name="api-mentorship-activate"),
    path("mentorships/<int:pk>/complete/", views.MentorshipComplete.as_view(), name="api-mentorship-complete"),
    path("mentorships/<int:pk>/end/", views.MentorshipEnd.as_view(), name="api-mentorship-end"),
]
