from django.urls import path

from people import views_mfa

app_name = "mfa"

urlpatterns = [
    path("", views_mfa.security, name="security"),
    path("setup/", views_mfa.setup, name="setup"),
    path("verify/", views_mfa.verify, name="verify"),
    path("recovery-codes/", views_mfa.recovery_codes, name="recovery-codes"),
]
