"""SCIM 2.0 at /scim/v2/ as identity providers use it: Okta-style PUTs, Entra-style PATCHes, and the
refusals (bad tokens, bad filters, unknown attributes, offboarding refused) that change nothing."""
import json

import pytest
from django.test import Client

from alumni.models import OffboardingRecord
from integrations.models import IntegrationToken
from integrations.services import integration_token_create, integration_token_revoke
from people.models import Person, PersonStatus
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
BASE = "/scim/v2"


class Scim:
    """A test client speaking SCIM with one integration token."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def _send(self, method, path, body=None, **extra):
        kwargs = {**self.headers, **extra}
        if body is not None:
            kwargs.update(data=body if isinstance(body, str | bytes) else json.dumps(body),
                          content_type="application/scim+json")
        return getattr(self.client, method)(BASE + path, **kwargs)

    def get(self, path, **params):
        return self.client.get(BASE + path, params, **self.headers)

    def post(self, path, body):
        return self._send("post", path, body)

    def put(self, path, body):
        return self._send("put", path, body)

    def patch(self, path, *operations):
        return self._send("patch", path, {"schemas": [PATCH_OP], "Operations": list(operations)})

    def delete(self, path):
        return self._send("delete", path)


@pytest.fixture
def token(db) -> IntegrationToken:
    return integration_token_create(actor=None, name="Okta production", scope="scim")


@pytest.fixture
def scim(token) -> Scim:
    return Scim(token.plaintext)


def user_body(username="new.rep", **overrides):
    body = {
        "schemas": [CORE, ENTERPRISE],
        "userName": username,
        "name": {"givenName": "Nora", "familyName": "New"},
        "emails": [{"value": f"{username}@example.com", "type": "work", "primary": True}],
        "title": "Account Executive",
        "active": True,
    }
    body.update(overrides)
    return body


def assert_scim_error(response, status: int, scim_type: str | None = ...):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/scim+json")
    payload = response.json()
    assert payload["schemas"] == [ERROR]
    assert payload["status"] == str(status)
    if scim_type is not ...:
        assert payload.get("scimType") == scim_type
    assert payload["detail"]
    return payload


def snapshot():
    return sorted(Person.objects.values_list(
        "pk", "full_name", "email", "title", "employee_id", "manager_id", "status", "user__username"
    ))


# --- who gets in ---------------------------------------------------------------------------------

@pytest.mark.parametrize("header", [None, "Bearer", "Bearer cat_nope_nope", "Bearer a b", "Token abc", "Basic eDp5"])
def test_without_a_valid_integration_token_scim_answers_401(db, header):
    client = Client()
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(f"{BASE}/Users", **extra)
    assert_scim_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_answers_401_at_once_and_changes_nothing(scim, token, org):
    assert scim.get("/Users").status_code == 200
    integration_token_revoke(actor=org.hr, token=token.token)
    before = snapshot()
    assert_scim_error(scim.get("/Users"), 401)
    assert_scim_error(scim.post("/Users", user_body()), 401)
    assert_scim_error(scim.patch(f"/Users/{org.rep.pk}", {"op": "replace", "path": "active", "value": False}), 401)
    assert snapshot() == before


def test_a_token_of_another_scope_is_refused_with_403(org):
    quota = integration_token_create(actor=None, name="Quota feed", scope="quota-import")
    assert_scim_error(Scim(quota.plaintext).get("/Users"), 403)


def test_a_person_signed_in_even_hr_does_not_reach_scim(org, client, settings):
    settings.AXES_ENABLED = False
    client.force_login(org.hr.user)
    assert_scim_error(client.get(f"{BASE}/Users"), 401)


def test_using_a_token_notes_when_it_was_last_used(scim, token):
    assert token.token.last_used_at is None
    scim.get("/ServiceProviderConfig")
    token.token.refresh_from_db()
    assert token.token.last_used_at is not None


# --- discovery -----------------------------------------------------------------------------------

def test_discovery_describes_users_patch_filters_and_the_bearer_token(scim):
    config = scim.get("/ServiceProviderConfig")
    assert config.status_code == 200 and config["Content-Type"].startswith("application/scim+json")
    config = config.json()
    assert config["patch"]["supported"] is True and config["filter"]["supported"] is True
    assert config["bulk"]["supported"] is False and config["etag"]["supported"] is False
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"

    types = scim.get("/ResourceTypes").json()
    assert [item["name"] for item in types["Resources"]] == ["User"]
    assert types["Resources"][0]["schemaExtensions"] == [{"schema": ENTERPRISE, "required": False}]
    assert scim.get("/ResourceTypes/User").json()["endpoint"] == "/Users"
    assert_scim_error(scim.get("/ResourceTypes/Group"), 404)

    schemas = scim.get("/Schemas").json()
    assert {item["id"] for item in schemas["Resources"]} == {CORE, ENTERPRISE}
    core = scim.get(f"/Schemas/{CORE}").json()
    names = {attribute["name"] for attribute in core["attributes"]}
    assert {"userName", "name", "emails", "title", "active"} <= names
    assert "phoneNumbers" not in names and "password" not in names
    assert_scim_error(scim.get("/Schemas/urn:nope"), 404)
    assert_scim_error(scim.get("/Groups"), 404)


# --- create ----------------------------------------------------------------------------------------

def test_creating_a_user_creates_a_person_without_a_password(scim, org):
    body = user_body(externalId="E-100")
    body[ENTERPRISE] = {"manager": {"value": str(org.manager.pk)}}
    response = scim.post("/Users", body)
    assert response.status_code == 201, response.content
    payload = response.json()
    person = Person.objects.select_related("user").get(user__username="new.rep")
    assert response["Location"] == payload["meta"]["location"] == f"http://testserver{BASE}/Users/{person.pk}"
    assert (person.full_name, person.email, person.title, person.employee_id, person.manager) == (
        "Nora New", "new.rep@example.com", "Account Executive", "E-100", org.manager
    )
    assert not person.user.has_usable_password()
    assert payload["externalId"] == "E-100" and payload["active"] is True
    assert payload[ENTERPRISE]["manager"]["value"] == str(org.manager.pk)
    assert "password" not in payload


def test_employee_number_is_the_employee_id_and_wins_over_the_providers_own_external_id(scim):
    body = user_body(externalId="00u1okta")
    body[ENTERPRISE] = {"employeeNumber": "E-7"}
    assert scim.post("/Users", body).status_code == 201
    assert Person.objects.get(user__username="new.rep").employee_id == "E-7"
    assert scim.get("/Users", filter='employeeNumber eq "E-7"').json()["totalResults"] == 1


def test_a_taken_username_or_employee_id_is_a_409_and_creates_nothing(scim, org):
    org.rep.employee_id = "E-1"
    org.rep.save()
    before = snapshot()
    assert_scim_error(scim.post("/Users", user_body(username="T_AVA")), 409, "uniqueness")
    assert_scim_error(scim.post("/Users", user_body(externalId="E-1")), 409, "uniqueness")
    assert snapshot() == before


@pytest.mark.parametrize("body, scim_type", [
    (user_body(nickName="Nono"), "invalidSyntax"),                      # an attribute Catalyst does not keep
    (user_body(phoneNumbers=[{"value": "+1 555"}]), "invalidSyntax"),
    (user_body(password="hunter2"), "invalidSyntax"),                   # no passwords over SCIM
    ({**user_body(), "schemas": [CORE, "urn:example:custom"], "urn:example:custom": {"x": 1}}, "invalidSyntax"),
    (user_body(userName=None), "invalidValue"),
    (user_body(emails=[{"value": "not an address"}]), "invalidValue"),
    (user_body(active="yes please"), "invalidValue"),
])
def test_a_body_with_unknown_or_bad_attributes_is_a_400_and_creates_nothing(scim, org, body, scim_type):
    before = snapshot()
    assert_scim_error(scim.post("/Users", body), 400, scim_type)
    assert snapshot() == before


def test_a_manager_that_is_no_user_is_a_400(scim, org):
    body = user_body()
    body[ENTERPRISE] = {"manager": {"value": "999999"}}
    assert_scim_error(scim.post("/Users", body), 400, "invalidValue")
    assert not Person.objects.filter(user__username="new.rep").exists()


@pytest.mark.parametrize("raw", ["{", "[1, 2]", '{"a": NaN}', "[" * 5000 + "]" * 5000, '{"n": 1e999}'])
def test_hostile_json_is_a_400_in_scims_shape(scim, raw):
    response = scim.post("/Users", raw)
    assert response.status_code == 400
    assert response.json()["schemas"] == [ERROR]


# --- read and list ---------------------------------------------------------------------------------

def test_filters_find_people_by_username_external_id_and_email(scim, org):
    org.rep.employee_id = "E-42"
    org.rep.save()
    for query in ('userName eq "T_AVA"', 'externalId eq "E-42"', 'emails.value eq "T_AVA@example.com"',
                  f'userName eq "t_ava" and id eq "{org.rep.pk}"', f"{CORE}:userName eq \"t_ava\""):
        payload = scim.get("/Users", filter=query).json()
        assert payload["totalResults"] == 1, query
        assert payload["Resources"][0]["id"] == str(org.rep.pk)
    assert scim.get("/Users", filter='userName eq "nobody"').json() == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 0, "startIndex": 1, "itemsPerPage": 0,
    }


@pytest.mark.parametrize("query", ['userName eq', 'userName eq "a" or', '"x"', 'title eq "AE"',
                                   'userName co "a"', 'userName eq "a" or userName eq "b"', 'nickName eq "x"'])
def test_a_bad_or_unsupported_filter_is_a_400_invalid_filter(scim, org, query):
    assert_scim_error(scim.get("/Users", filter=query), 400, "invalidFilter")


def test_lists_page_with_start_index_and_count(scim, org, django_assert_max_num_queries):
    everyone = sorted(Person.objects.values_list("pk", flat=True))
    with django_assert_max_num_queries(6):
        page = scim.get("/Users", startIndex=3, count=2).json()
    assert page["totalResults"] == len(everyone)
    assert (page["startIndex"], page["itemsPerPage"]) == (3, 2)
    assert [int(user["id"]) for user in page["Resources"]] == everyone[2:4]
    assert scim.get("/Users", count=0).json()["totalResults"] == len(everyone)
    assert_scim_error(scim.get("/Users", count="many"), 400, "invalidCount")


def test_a_list_of_many_people_costs_a_fixed_number_of_queries(scim, org, django_assert_max_num_queries):
    for _ in range(30):
        PersonFactory(manager=org.manager)
    with django_assert_max_num_queries(6):
        assert len(scim.get("/Users").json()["Resources"]) == Person.objects.count()


def test_attributes_and_excluded_attributes_select_what_is_returned(scim, org):
    user = scim.get(f"/Users/{org.rep.pk}", attributes="userName").json()
    assert set(user) == {"schemas", "id", "userName"}
    user = scim.get(f"/Users/{org.rep.pk}", excludedAttributes="emails").json()
    assert "emails" not in user and user["userName"] == "t_ava"


def test_reading_a_user(scim, org):
    response = scim.get(f"/Users/{org.rep.pk}")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/scim+json")
    user = response.json()
    assert user["userName"] == "t_ava" and user["name"] == {"formatted": "Ava Rep"}
    assert user["emails"] == [{"value": "t_ava@example.com"}]
    assert user[ENTERPRISE]["manager"]["value"] == str(org.manager.pk)
    assert user["meta"]["resourceType"] == "User"
    assert_scim_error(scim.get("/Users/999999"), 404)
    assert_scim_error(scim.get("/Users/abc"), 404)


def test_an_erased_person_is_not_there(scim, org):
    Person.objects.filter(pk=org.peer.pk).update(is_anonymised=True)
    assert_scim_error(scim.get(f"/Users/{org.peer.pk}"), 404)
    assert str(org.peer.pk) not in {user["id"] for user in scim.get("/Users").json()["Resources"]}


# --- replace and patch ----------------------------------------------------------------------------

def test_a_put_replaces_name_email_title_manager_employee_id_and_username(scim, org):
    body = user_body(username="ava.rep", name={"formatted": "Ava Repp"}, title="Senior AE", externalId="E-9",
                     emails=[{"value": "ava@example.com", "primary": True}])
    body[ENTERPRISE] = {"manager": {"value": str(org.other_manager.pk)}}
    response = scim.put(f"/Users/{org.rep.pk}", body)
    assert response.status_code == 200, response.content
    rep = Person.objects.select_related("user").get(pk=org.rep.pk)
    assert (rep.user.username, rep.full_name, rep.email, rep.user.email, rep.title, rep.employee_id, rep.manager) == (
        "ava.rep", "Ava Repp", "ava@example.com", "ava@example.com", "Senior AE", "E-9", org.other_manager
    )
    reasons = list(rep.history.values_list("history_change_reason", flat=True))
    assert any(reason.startswith("Username changed") for reason in reasons)
    assert response.json()["userName"] == "ava.rep"


def test_a_put_that_would_make_a_reporting_cycle_is_a_400_and_changes_nothing(scim, org):
    body = user_body(username="t_manager_is_marco", name={"formatted": "Marco Manager"})
    body = user_body(username="t_marco", name={"formatted": "Marco Manager"})
    body[ENTERPRISE] = {"manager": {"value": str(org.rep.pk)}}
    before = snapshot()
    assert_scim_error(scim.put(f"/Users/{org.manager.pk}", body), 400, "invalidValue")
    assert snapshot() == before


def test_entra_style_patches_change_the_name_parts_the_work_email_and_the_manager(scim, org):
    response = scim.patch(
        f"/Users/{org.rep.pk}",
        {"op": "Replace", "path": "name.familyName", "value": "Rivers"},
        {"op": "replace", "path": 'emails[type eq "work"].value', "value": "ava.rivers@example.com"},
        {"op": "replace", "path": "title", "value": "Team Lead"},
        {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": {"value": str(org.vp.pk)}},
        {"op": "replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "E-55"},
    )
    assert response.status_code == 200, response.content
    rep = Person.objects.get(pk=org.rep.pk)
    assert (rep.full_name, rep.email, rep.title, rep.manager, rep.employee_id) == (
        "Ava Rivers", "ava.rivers@example.com", "Team Lead", org.vp, "E-55"
    )


def test_a_patch_without_a_path_replaces_the_attributes_it_names(scim, org):
    response = scim.patch(f"/Users/{org.rep.pk}", {"op": "replace", "value": {
        "name": {"formatted": "Ava Rep-Smith"}, "externalId": "E-3", "active": True,
    }})
    assert response.status_code == 200, response.content
    rep = Person.objects.get(pk=org.rep.pk)
    assert (rep.full_name, rep.employee_id, rep.status) == ("Ava Rep-Smith", "E-3", PersonStatus.ACTIVE)


@pytest.mark.parametrize("operation, scim_type", [
    ({"op": "replace", "path": "nickName", "value": "x"}, "invalidPath"),
    ({"op": "replace", "path": "id", "value": "7"}, "mutability"),
    ({"op": "remove", "path": "name"}, "mutability"),
    ({"op": "remove", "path": "active"}, "mutability"),
    ({"op": "jump", "path": "title", "value": "x"}, "invalidValue"),
    ({"op": "replace", "path": "emails[type eq", "value": "x"}, "invalidPath"),
])
def test_a_bad_patch_is_a_400_and_changes_nothing(scim, org, operation, scim_type):
    before = snapshot()
    payload = assert_scim_error(scim.patch(f"/Users/{org.rep.pk}", operation), 400)
    assert payload["scimType"] in (scim_type, "invalidSyntax", "invalidValue", "invalidPath", "noTarget", "mutability")
    assert snapshot() == before


# --- active, offboarding and delete ----------------------------------------------------------------

def test_active_false_offboards_the_person_through_hrs_offboarding(scim, org, token):
    response = scim.patch(f"/Users/{org.rep.pk}", {"op": "replace", "path": "active", "value": False})
    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    rep = Person.objects.get(pk=org.rep.pk)
    assert rep.status == PersonStatus.ALUMNI and rep.left_on is not None
    record = OffboardingRecord.objects.get(person=rep)
    assert record.action == OffboardingRecord.Action.OFFBOARDED and record.performed_by is None
    assert record.reason == "Deactivated by the identity provider (token Okta production)"
    assert rep.leaving_reason == record.reason
    assert scim.get("/Users", filter="active eq false").json()["totalResults"] == 1


def test_deactivating_a_manager_who_still_manages_people_is_a_409_naming_them(scim, org):
    before = snapshot()
    payload = assert_scim_error(
        scim.patch(f"/Users/{org.manager.pk}", {"op": "replace", "value": {"active": False}}), 409
    )
    assert "Ava Rep" in payload["detail"] and "Ben Peer" in payload["detail"]
    assert snapshot() == before
    assert not OffboardingRecord.objects.exists()


def test_active_true_on_an_alumnus_is_refused_rehiring_is_hrs_decision(scim, org):
    scim.patch(f"/Users/{org.rep.pk}", {"op": "replace", "path": "active", "value": False})
    before = snapshot()
    payload = assert_scim_error(scim.patch(f"/Users/{org.rep.pk}", {"op": "replace", "path": "active", "value": True}), 409)
    assert "re-hire" in payload["detail"]
    assert snapshot() == before


def test_an_alumnus_can_still_be_updated_while_inactive(scim, org):
    scim.patch(f"/Users/{org.rep.pk}", {"op": "replace", "path": "active", "value": False})
    response = scim.patch(f"/Users/{org.rep.pk}", {"op": "replace", "path": "title", "value": "Former AE"})
    assert response.status_code == 200, response.content
    assert Person.objects.get(pk=org.rep.pk).title == "Former AE"


def test_creating_an_inactive_user_creates_an_alumnus(scim):
    assert scim.post("/Users", user_body(active=False)).status_code == 201
    assert Person.objects.get(user__username="new.rep").status == PersonStatus.ALUMNI


def test_delete_offboards_and_never_deletes(scim, org):
    count = Person.objects.count()
    response = scim.delete(f"/Users/{org.rep.pk}")
    assert response.status_code == 204
    assert Person.objects.count() == count
    assert Person.objects.get(pk=org.rep.pk).status == PersonStatus.ALUMNI
    assert scim.get(f"/Users/{org.rep.pk}").json()["active"] is False
    assert scim.delete(f"/Users/{org.rep.pk}").status_code == 204  # again: nothing more to do
    assert OffboardingRecord.objects.filter(person=org.rep).count() == 1
    assert_scim_error(scim.delete(f"/Users/{org.manager.pk}"), 409)


def test_a_search_by_post_finds_the_same_people(scim, org):
    response = scim.post("/Users/.search", {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": 'userName eq "t_ava"', "attributes": ["userName"],
    })
    assert response.status_code == 200, response.content
    payload = response.json()
    assert payload["totalResults"] == 1 and payload["Resources"][0] == {
        "schemas": [CORE], "id": str(org.rep.pk), "userName": "t_ava"
    }
