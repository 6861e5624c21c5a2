"""Sign-in pages under /accounts/, before Django's own auth views in config.urls."""
from django.urls import path

from people import views

urlpatterns = [
    path("invitation/<int:person_id>/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
