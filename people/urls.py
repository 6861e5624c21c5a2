"""Sign-in pages under /accounts/, before Django's own auth views in config.urls (same names, so
Django's views and templates find them)."""
from django.urls import path

from people import views

urlpatterns = [
    path("invitation/<int:person_id>/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
]
