import datetime

import pytest
from django.utils import timezone

from people.models import ApiToken
from people.services import API_TOKENS_PER_USER, api_token_issue

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
    assert not ApiToken.objects.exists()


def test_password_change_revokes_tokens(api, org):
    issued = api_token_issue(user=org.rep.user)
    org.rep.user.set_password("another-pass-456")
    org.rep.user.save()
    assert not ApiToken.objects.filter(pk=issued.token.pk).exists()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issued.key}")
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


def test_signing_in_again_issues_another_token_and_both_work(api, org):
    body = {"username": "t_ava", "password": "secret-pass-123"}
    first = api.post("/api/v1/auth/token/", body, format="json").json()
    second = api.post("/api/v1/auth/token/", body, format="json").json()
    assert set(first) == set(second) == {"token"} and first != second
    for token in (first["token"], second["token"]):
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get("/api/v1/me/").json()["username"] == "t_ava"


def test_an_expired_token_is_refused_and_dropped_on_sign_in(api, org, settings):
    old = api_token_issue(user=org.rep.user)
    ApiToken.objects.filter(pk=old.token.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.CATALYST["API_TOKEN_DAYS"] + 1)
    )
    response = api.post("/api/v1/auth/token/", {"username": "t_ava", "password": "secret-pass-123"}, format="json")
    assert response.status_code == 200 and response.json()["token"] != old.key
    assert list(ApiToken.objects.filter(user=org.rep.user).values_list("pk", flat=True)) != [old.token.pk]
    assert ApiToken.objects.filter(user=org.rep.user).count() == 1
    api.credentials(HTTP_AUTHORIZATION=f"Token {old.key}")
    assert api.get("/api/v1/me/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/v1/me/").status_code == 200


def test_an_expired_token_is_refused_and_deleted_when_used(api, org, settings):
    issued = api_token_issue(user=org.rep.user)
    ApiToken.objects.filter(pk=issued.token.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.CATALYST["API_TOKEN_DAYS"], seconds=1)
    )
    api.credentials(HTTP_AUTHORIZATION=f"Token {issued.key}")
    response = api.get("/api/v1/me/")
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    assert not ApiToken.objects.filter(pk=issued.token.pk).exists()


def test_a_token_works_until_the_day_it_expires(api, org, settings):
    issued = api_token_issue(user=org.rep.user)
    ApiToken.objects.filter(pk=issued.token.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.CATALYST["API_TOKEN_DAYS"]) + datetime.timedelta(minutes=1)
    )
    api.credentials(HTTP_AUTHORIZATION=f"Token {issued.key}")
    assert api.get("/api/v1/me/").status_code == 200


def test_the_token_service_keeps_only_the_newest_tokens_of_a_person(org):
    issued = [api_token_issue(user=org.rep.user) for _ in range(API_TOKENS_PER_USER + 2)]
    kept = set(ApiToken.objects.filter(user=org.rep.user).values_list("pk", flat=True))
    assert kept == {token.token.pk for token in issued[-API_TOKENS_PER_USER:]}


def test_a_token_records_when_it_was_last_used_without_a_write_per_request(api, org, django_assert_max_num_queries):
    issued = api_token_issue(user=org.rep.user)
    assert issued.token.last_used_at is None
    api.credentials(HTTP_AUTHORIZATION=f"Token {issued.key}")
    assert api.get("/api/v1/me/").status_code == 200
    first_use = ApiToken.objects.get(pk=issued.token.pk).last_used_at
    assert first_use is not None
    with django_assert_max_num_queries(1):  # who is calling: one query, and no write
        assert api.get("/api/v1/me/").status_code == 200
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at == first_use


def test_each_of_several_tokens_of_one_person_is_matched_by_its_own_digest(api, org):
    """Tokens are found by the prefix, then the digest of the row with that prefix decides."""
    first, second = api_token_issue(user=org.rep.user), api_token_issue(user=org.manager.user)
    third = api_token_issue(user=org.rep.user)
    for issued, username in ((first, "t_ava"), (second, "t_marco"), (third, "t_ava")):
        api.credentials(HTTP_AUTHORIZATION=f"Token {issued.key}")
        assert api.get("/api/v1/me/").json()["username"] == username
    forged = first.key[:8] + third.key[8:]  # a real prefix with another token's secret
    api.credentials(HTTP_AUTHORIZATION=f"Token {forged}")
    assert api.get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize("key", ["", "x" * 43, "0123456789abcdef0123456789abcdef01234567", "a" * 5000])
def test_a_wrong_or_old_style_token_is_a_401(api, org, key):
    api_token_issue(user=org.rep.user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code == 401
