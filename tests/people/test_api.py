import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from people.services import api_token_issue

pytestmark = pytest.mark.django_db


def test_me_answers_the_contract_fields(api, org, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = api.as_person(org.manager).get("/api/v1/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == org.manager.id
    assert body["username"] == "t_marco"
    assert body["full_name"] == "Marco Manager"
    assert body["role"] == "manager"
    assert body["manager"] == org.vp.id


def test_me_requires_sign_in(api):
    assert api.get("/api/v1/me/").status_code == 401


def test_token_sign_in_and_use(api, org):
    response = api.post("/api/v1/auth/token/", {"username": "t_ava", "password": "secret-pass-123"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json()["role"] == "rep"


def test_wrong_password_gets_no_token(api, org):
    response = api.post("/api/v1/auth/token/", {"username": "t_ava", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert not Token.objects.exists()


def test_password_change_revokes_tokens(api, org):
    token = Token.objects.create(user=org.rep.user)
    org.rep.user.set_password("another-pass-456")
    org.rep.user.save()
    assert not Token.objects.filter(key=token.key).exists()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").status_code == 401


def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_unknown_api_paths_answer_json_404(api, org):
    response = api.as_person(org.rep).get("/api/v1/plans/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_malformed_page_size_is_a_clear_400(api, org):
    response = api.as_person(org.rep).get("/api/v1/notifications/?page_size=0")
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_the_api_reads_json_only(api, org):
    api.as_person(org.rep)
    response = api.put("/api/v1/notifications/preferences/", "preferences=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


def test_signing_in_again_returns_the_same_valid_token(api, org):
    body = {"username": "t_ava", "password": "secret-pass-123"}
    first = api.post("/api/v1/auth/token/", body, format="json").json()
    assert api.post("/api/v1/auth/token/", body, format="json").json() == first
    assert set(first) == {"token"}


def test_an_expired_token_is_replaced_on_sign_in(api, org, settings):
    old = Token.objects.create(user=org.rep.user)
    Token.objects.filter(pk=old.pk).update(
        created=timezone.now() - datetime.timedelta(days=settings.CATALYST["API_TOKEN_DAYS"] + 1)
    )
    response = api.post("/api/v1/auth/token/", {"username": "t_ava", "password": "secret-pass-123"}, format="json")
    assert response.status_code == 200 and response.json()["token"] != old.key
    assert list(Token.objects.filter(user=org.rep.user).values_list("key", flat=True)) == [response.json()["token"]]
    api.credentials(HTTP_AUTHORIZATION=f"Token {old.key}")
    assert api.get("/api/v1/me/").status_code == 401


def test_the_token_service_keeps_a_valid_token_and_replaces_an_expired_one(org, settings):
    token = api_token_issue(user=org.rep.user)
    assert api_token_issue(user=org.rep.user).key == token.key
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(days=settings.CATALYST["API_TOKEN_DAYS"], seconds=1)
    )
    assert api_token_issue(user=org.rep.user).key != token.key
    assert Token.objects.filter(user=org.rep.user).count() == 1
