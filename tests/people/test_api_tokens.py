"""Personal API tokens are stored hashed: the secret is shown once, to whoever signed in, and nobody
can read it back afterwards: not HR or a superuser in the admin, not the database, not the API."""
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from people.models import ApiToken
from people.models.tokens import api_token_digest
from people.services import api_token_issue

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("t_root", "root@example.com", "root-pass-5519")


def sign_in_for_token(username: str) -> str:
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    return response.json()["token"]


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def admin_pages(person, token: ApiToken) -> list[str]:
    return [
        "/admin/",
        "/admin/people/apitoken/",
        f"/admin/people/apitoken/?user__id__exact={person.user_id}",
        f"/admin/people/apitoken/?q={person.user.username}",
        f"/admin/people/apitoken/{token.pk}/change/",
        f"/admin/people/apitoken/{token.pk}/delete/",
        f"/admin/people/apitoken/{token.pk}/history/",
        f"/admin/people/person/{person.pk}/change/",
        "/admin/people/person/",
        f"/admin/auth/user/{person.user_id}/change/",
        "/admin/auth/user/",
    ]


@pytest.mark.parametrize("viewer", ["hr", "superuser"])
def test_no_admin_page_shows_a_token_secret_to_hr_or_a_superuser(client, org, superuser, viewer):
    secret = sign_in_for_token("t_vera")
    token = ApiToken.objects.get(user=org.vp.user)
    client.force_login(org.hr.user if viewer == "hr" else superuser)
    for url in admin_pages(org.vp, token):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert secret not in html and token.digest not in html, url
    listing = client.get("/admin/people/apitoken/").content.decode()
    assert "t_vera" in listing and "Vera VP" in listing  # HR sees who holds a token, not the token
    person_page = client.get(f"/admin/people/person/{org.vp.pk}/change/").content.decode()
    assert "1 API token" in person_page


def test_the_database_keeps_no_token_secret_in_any_table(org):
    secrets = [sign_in_for_token("t_vera"), sign_in_for_token("t_ava"), api_token_issue(user=org.hr.user).key]
    assert token_client(secrets[0]).get("/api/v1/me/").status_code == 200  # used once: last_used_at is written
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from introspection)
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row)
                found += [(table, secret) for secret in secrets if secret in text]
    assert found == []
    stored = ApiToken.objects.get(user=org.vp.user)
    assert stored.digest == api_token_digest(secrets[0]) and len(stored.prefix) == 8


def api_get_paths() -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [re.sub(r"\{[^}]+\}", "1", path) for path, methods in schema["paths"].items() if "get" in methods]


def test_no_api_answer_gives_a_token_back(org):
    secret = sign_in_for_token("t_hana")
    api_token_issue(user=org.vp.user)
    client = token_client(secret)  # HR, who sees the most
    tried = 0
    for path in api_get_paths():
        response = client.get(path)
        assert response.status_code < 500, path
        assert secret not in response.content.decode(), path
        tried += 1
    assert tried > 10
    # Signing in again gives a new token, never the one issued before.
    assert sign_in_for_token("t_hana") != secret


def test_hr_revokes_a_token_in_the_admin_and_it_stops_working(client, org):
    secret = sign_in_for_token("t_vera")
    token = ApiToken.objects.get(user=org.vp.user)
    client.force_login(org.hr.user)
    response = client.post(f"/admin/people/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert token_client(secret).get("/api/v1/me/").status_code == 401


def test_hr_revokes_many_tokens_at_once(client, org):
    secrets = [sign_in_for_token("t_vera"), sign_in_for_token("t_ava")]
    client.force_login(org.hr.user)
    response = client.post("/admin/people/apitoken/", {
        "action": "delete_selected", "post": "yes",
        "_selected_action": list(ApiToken.objects.values_list("pk", flat=True)),
    })
    assert response.status_code == 302 and not ApiToken.objects.exists()
    assert all(token_client(secret).get("/api/v1/me/").status_code == 401 for secret in secrets)


@pytest.mark.parametrize("viewer", ["hr", "superuser"])
def test_nobody_adds_or_edits_a_token_in_the_admin(client, org, superuser, viewer):
    """A token added in the admin would be a way to sign in as its holder; tokens come from signing in."""
    sign_in_for_token("t_vera")
    token = ApiToken.objects.get(user=org.vp.user)
    client.force_login(org.hr.user if viewer == "hr" else superuser)
    assert client.get("/admin/people/apitoken/add/").status_code == 403
    assert client.post("/admin/people/apitoken/add/", {"user": org.vp.user_id}).status_code == 403
    assert client.post(f"/admin/people/apitoken/{token.pk}/change/", {"user": org.hr.user_id}).status_code == 403
    assert ApiToken.objects.filter(user=org.vp.user).count() == 1 and not ApiToken.objects.filter(user=org.hr.user).exists()


def test_a_superuser_without_a_profile_signs_in_with_a_token(superuser):
    issued = api_token_issue(user=superuser)
    assert token_client(issued.key).get("/api/v1/me/").status_code == 403  # signed in; no Catalyst profile
    assert token_client(issued.key + "x").get("/api/v1/me/").status_code == 401
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at is not None


def test_an_inactive_account_is_refused_with_its_token(org):
    issued = api_token_issue(user=org.rep.user)
    get_user_model().objects.filter(pk=org.rep.user_id).update(is_active=False)
    assert token_client(issued.key).get("/api/v1/me/").status_code == 401


def test_the_upgrade_drops_the_plain_tokens_of_before(db):
    """Old DRF tokens were kept in plain text: the migration drops them, with their table."""
    migration = __import__("people.migrations.0003_hashed_api_tokens", fromlist=["drop_plain_tokens"])
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id integer)")
        cursor.execute("INSERT INTO authtoken_token VALUES ('0123456789abcdef0123456789abcdef01234567', NULL, 1)")
    migration.drop_plain_tokens(apps, connection.schema_editor())  # inside the test's transaction
    assert "authtoken_token" not in connection.introspection.table_names()
