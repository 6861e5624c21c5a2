from django.urls import path

from people.api import views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("people/<int:pk>/invite/", views.PersonInviteView.as_view(), name="api-person-invite"),
]
