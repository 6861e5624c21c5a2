"""Sign-in hygiene: lockout, token and session revocation, security headers."""
import pytest
from django.contrib.sessions.models import Session

from people.models import ApiToken
from people.services import api_token_issue

pytestmark = pytest.mark.django_db


def test_repeated_wrong_passwords_lock_the_token_endpoint(client, org, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"sign_in": "1000/min"}}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/api/v1/auth/token/", {"username": "t_ava", "password": "wrong"}, content_type="application/json")
        assert response.status_code == 400
    response = client.post(
        "/api/v1/auth/token/", {"username": "t_ava", "password": "secret-pass-123"}, content_type="application/json"
    )
    # Locked out: even the right password is answered as a wrong one, and no token is issued.
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to sign in with those credentials."]}
    assert not ApiToken.objects.filter(user=org.rep.user).exists()


def test_repeated_wrong_passwords_lock_the_login_page(client, org, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "t_ava", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "t_ava", "password": "secret-pass-123"})
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_login_page_signs_in_and_logout_ends_session_and_tokens(client, org):
    response = client.post("/accounts/login/", {"username": "t_ava", "password": "secret-pass-123"})
    assert response.status_code == 302
    token = api_token_issue(user=org.rep.user)
    assert client.get("/api/v1/me/").status_code == 200
    session_key = client.session.session_key
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=session_key).exists()
    assert not ApiToken.objects.filter(pk=token.token.pk).exists()
    assert client.get("/api/v1/me/").status_code == 401


def test_password_change_ends_other_sessions(client, org):
    from django.test import Client

    other = Client()
    other.force_login(org.rep.user)
    assert other.get("/api/v1/me/").status_code == 200
    client.force_login(org.rep.user)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "secret-pass-123", "new_password1": "A-much-better-pass-91", "new_password2": "A-much-better-pass-91"},
    )
    assert response.status_code == 302
    assert other.get("/api/v1/me/").status_code == 401
    assert client.get("/api/v1/me/").status_code == 200  # the one that changed it stays signed in


def test_security_headers_on_pages(client, org):
    client.force_login(org.rep.user)
    response = client.get("/accounts/login/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
