"""While the database does not answer, the app says so with 503 and Retry-After, never a bare 500."""
import pytest
from django.db import OperationalError


@pytest.fixture
def database_gone(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    # Every read of the signed-in person, the first thing a page or an API call does, fails.
    monkeypatch.setattr("people.access.actor_for", refuse)
    monkeypatch.setattr("people.backends.signed_in_people", refuse)


@pytest.mark.django_db
def test_an_api_call_gets_a_503_with_retry_after(api, org, database_gone):
    api.raise_request_exception = False
    response = api.as_person(org.rep).get("/api/v1/me/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["code"] == "database_unavailable"


@pytest.mark.django_db
def test_a_page_gets_a_503_page(client, org, database_gone):
    client.force_login(org.rep.user)
    client.raise_request_exception = False
    response = client.get("/plans/mine/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Try again shortly" in response.content.decode()


@pytest.mark.django_db
def test_other_errors_stay_500(api, org, monkeypatch):
    monkeypatch.setattr("people.access.actor_for", lambda *a, **k: 1 / 0)
    api.raise_request_exception = False
    assert api.as_person(org.rep).get("/api/v1/me/").status_code == 500
