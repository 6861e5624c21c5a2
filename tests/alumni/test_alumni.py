"""The alumni network: an opt-in directory, a profile the alumnus controls, and the business it brings."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alumni.models import AlumniContribution, AlumniProfile, ContributionKind, ContributionStatus
from alumni.selectors import alumni_contribution_summary
from alumni.services import alumni_contribution_record, alumni_profile_update, alumnus_anonymise
from insights.setup import hr_group_ensure as ensure_hr_group
from people.models import Person
from tests.factories import AlumniProfileFactory, PersonFactory

pytestmark = pytest.mark.django_db

PRIVATE_KEYS = {"email", "leaving_reason", "left_on", "user", "username", "quota", "quota_records", "manager", "status"}


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)
    return {person.user.username: person for person in Person.objects.select_related("user")}


def make_alumnus(opt_in=True, **profile):
    return AlumniProfileFactory(directory_opt_in=opt_in, **profile).person


def directory_names(client, **params):
    response = client.get("/api/v1/alumni/", params)
    assert response.status_code == 200
    return [entry["full_name"] for entry in response.json()["results"]]


def page_text(client, **params):
    response = client.get("/alumni/", params)
    assert response.status_code == 200
    return response.content.decode()


# --- the directory: opt-in only -----------------------------------------------------------------

SEARCHES = ["paul", "Paul Gruber", "Gruber", "Globex", "Account Director", "Boston", "", " ", "a", "olga", "Northwind"]


@pytest.mark.parametrize("search", SEARCHES)
def test_paul_never_appears_in_the_directory_api_or_page(api, demo, search):
    for viewer in ("ava", "marco", "hana", "olga"):
        client = api.as_person(demo[viewer])
        assert "Paul Gruber" not in directory_names(client, search=search)
        for open_to in ("mentoring", "referrals", "partnership", "returning"):
            assert "Paul Gruber" not in directory_names(client, search=search, open_to=open_to)
    browser = Client()
    browser.force_login(demo["ava"].user)
    html = page_text(browser, search=search).split('id="alumni-results"', 1)[1]  # not the echoed search box
    assert "Paul Gruber" not in html and "Globex" not in html and "paul@globex" not in html


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(search=st.text(max_size=30))
def test_paul_never_appears_for_any_search_text(api, demo, search):
    client = api.as_person(demo["ava"])
    response = client.get("/api/v1/alumni/", {"search": search})
    # A NUL character is the only text a search may not carry: a field error, never a 500.
    assert response.status_code == (400 if "\x00" in search else 200)
    if response.status_code == 200:
        assert all(entry["id"] != demo["paul"].pk for entry in response.json()["results"])
    else:
        assert "search" in response.json()


def test_olga_is_in_the_directory_with_public_fields_only(api, demo):
    body = api.as_person(demo["ben"]).get("/api/v1/alumni/").json()
    assert body["count"] == 1
    olga = body["results"][0]
    assert olga == {
        "id": demo["olga"].pk,
        "full_name": "Olga Petrova",
        "current_company": "Northwind Systems",
        "current_title": "VP Partnerships",
        "location": "Seattle, WA",
        "public_contact": "olga.petrova@northwind.example",
        "open_to": ["mentoring", "referrals", "partnership"],
    }
    assert not PRIVATE_KEYS & set(olga)
    assert "olga@catalyst.example" not in str(body)
    assert "Joined Northwind" not in str(body)  # the leaving reason


def test_search_matches_name_company_and_title(api, demo):
    client = api.as_person(demo["ava"])
    for search in ("olga", "PETROVA", "northwind", "VP Partner", "Olga Northwind"):
        assert directory_names(client, search=search) == ["Olga Petrova"], search
    assert directory_names(client, search="Olga Globex") == []


def test_filter_by_what_alumni_are_open_to(api, db, org):
    make_alumnus(current_company="Acme", open_to_mentoring=True)
    returning = make_alumnus(open_to_returning=True)
    client = api.as_person(org.rep)
    assert directory_names(client, open_to="returning") == [returning.full_name]
    assert len(directory_names(client)) == 2
    response = client.get("/api/v1/alumni/", {"open_to": "everything"})
    assert response.status_code == 400 and "open_to" in response.json()


def test_anonymised_and_active_people_are_never_listed(api, org):
    listed = make_alumnus()
    erased = make_alumnus()
    alumnus_anonymise(actor=org.hr, person=erased, requested_on=datetime.date(2026, 11, 1))
    rehired_looking = PersonFactory()  # active, but with a stray opted-in profile
    AlumniProfileFactory(person=rehired_looking, directory_opt_in=True)
    ids = [entry["id"] for entry in api.as_person(org.rep).get("/api/v1/alumni/").json()["results"]]
    assert ids == [listed.pk]


def test_the_directory_needs_sign_in(api, client):
    assert api.get("/api/v1/alumni/").status_code == 401
    assert client.get("/alumni/").status_code == 302


def test_the_directory_list_reads_in_a_fixed_number_of_queries(api, org, django_assert_max_num_queries):
    for i in range(60):
        make_alumnus(current_company=f"Company {i}", open_to_mentoring=i % 2 == 0)
    client = api.as_person(org.rep)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/alumni/", {"page_size": 50})
    assert response.status_code == 200 and len(response.json()["results"]) == 50 and response.json()["count"] == 60
    with django_assert_max_num_queries(4):
        client.get("/api/v1/alumni/", {"search": "Company", "open_to": "mentoring"})
    browser = Client()
    browser.force_login(org.rep.user)
    with django_assert_max_num_queries(8):
        html = page_text(browser)
    assert "60 alumni found" in html and "Page 1 of 3" in html


def test_the_directory_page_searches_and_paginates(db, demo):
    browser = Client()
    browser.force_login(demo["olga"].user)
    html = page_text(browser, search="northwind")
    assert "Olga Petrova" in html and "Edit your alumni profile" in html
    assert "No alumni match" in page_text(browser, search="nobody-by-that-name")


# --- the profile the alumnus controls -------------------------------------------------------------

def test_an_alumnus_reads_and_changes_their_own_profile(api, demo):
    paul = demo["paul"]
    client = api.as_person(paul)
    body = client.get("/api/v1/alumni/me/").json()
    assert body["directory_opt_in"] is False and body["current_company"] == "Globex"

    response = client.patch("/api/v1/alumni/me/", {"directory_opt_in": True, "current_title": "VP Sales"})
    assert response.status_code == 200
    assert response.json()["directory_opt_in"] is True and response.json()["consent_changed_at"]
    assert "Paul Gruber" in directory_names(api.as_person(demo["ava"]), search="Globex")
    profile = AlumniProfile.objects.get(person=paul)
    assert profile.history.first().history_change_reason == "Opted in to the directory"
    assert profile.history.first().history_user == paul.user


def test_consent_is_timestamped_only_when_it_changes(api, demo):
    client = api.as_person(demo["olga"])
    stamped = AlumniProfile.objects.get(person=demo["olga"]).consent_changed_at
    client.patch("/api/v1/alumni/me/", {"location": "Portland, OR"})
    assert AlumniProfile.objects.get(person=demo["olga"]).consent_changed_at == stamped
    client.patch("/api/v1/alumni/me/", {"directory_opt_in": False})
    profile = AlumniProfile.objects.get(person=demo["olga"])
    assert profile.consent_changed_at > stamped and profile.directory_opt_in is False
    assert directory_names(api.as_person(demo["ava"])) == []


def test_protected_fields_cannot_be_written_through_the_profile(api, demo):
    olga = demo["olga"]
    response = api.as_person(olga).patch(
        "/api/v1/alumni/me/", {"id": demo["ava"].pk, "full_name": "Someone Else", "consent_changed_at": "2000-01-01T00:00:00Z"}
    )
    assert response.status_code == 200
    olga.refresh_from_db()
    assert olga.full_name == "Olga Petrova"
    assert AlumniProfile.objects.get(person=olga).consent_changed_at.year > 2000
    assert not AlumniProfile.objects.filter(person=demo["ava"]).exists()


def test_an_active_employee_has_no_alumni_profile(api, demo):
    client = api.as_person(demo["ava"])
    assert client.get("/api/v1/alumni/me/").status_code == 404
    assert client.patch("/api/v1/alumni/me/", {"directory_opt_in": True}).status_code == 404
    browser = Client()
    browser.force_login(demo["ava"].user)
    response = browser.get("/alumni/profile/")
    assert response.status_code == 404 and b"Alumni profiles are for former colleagues" in response.content


def test_hr_may_withdraw_consent_but_never_give_it(demo):
    hana = demo["hana"]
    with pytest.raises(PermissionDenied) as error:
        alumni_profile_update(actor=hana, person=demo["paul"], directory_opt_in=True)
    assert "Only the alumnus" in str(error.value)
    alumni_profile_update(actor=hana, person=demo["olga"], directory_opt_in=False)
    assert AlumniProfile.objects.get(person=demo["olga"]).directory_opt_in is False
    with pytest.raises(PermissionDenied):
        alumni_profile_update(actor=demo["marco"], person=demo["olga"], location="Elsewhere")


def test_the_profile_page_has_labels_and_saves_with_a_message(demo):
    browser = Client()
    browser.force_login(demo["paul"].user)
    page = browser.get("/alumni/profile/")
    assert page.status_code == 200 and b"Show me in the alumni directory" in page.content
    form = {"current_company": "Globex", "current_title": "Account Director", "location": "Boston, MA",
            "public_contact": "paul@globex.example", "directory_opt_in": "on", "open_to_returning": "on"}
    response = browser.post("/alumni/profile/", form, follow=True)
    assert b"You are now listed in the alumni directory" in response.content
    assert AlumniProfile.objects.get(person=demo["paul"]).directory_opt_in is True


def test_an_alumnus_lands_on_the_directory(demo):
    browser = Client()
    browser.force_login(demo["olga"].user)
    assert browser.get("/")["Location"] == "/alumni/"


# --- the network's business -----------------------------------------------------------------------

def test_hr_records_contributions_and_the_admin_summarises_them_by_year(demo):
    hana, olga, paul = demo["hana"], demo["olga"], demo["paul"]
    alumni_contribution_record(actor=hana, alumnus=olga, kind=ContributionKind.CLIENT_OPPORTUNITY,
                               occurred_on=datetime.date(2025, 5, 1), value=Decimal("120000"), status=ContributionStatus.WON)
    alumni_contribution_record(actor=hana, alumnus=olga, kind=ContributionKind.CLIENT_OPPORTUNITY,
                               occurred_on=datetime.date(2025, 9, 1), value=Decimal("80000"))
    alumni_contribution_record(actor=hana, alumnus=paul, kind=ContributionKind.REFERRAL,
                               occurred_on=datetime.date(2026, 2, 1), value=Decimal("0"))
    rows = {(row["year"], row["kind"]): row for row in alumni_contribution_summary()}
    client_2025 = rows[(2025, "client_opportunity")]
    assert (client_2025["count"], client_2025["won_value"], client_2025["open_value"]) == (2, Decimal("120000"), Decimal("80000"))
    assert rows[(2026, "referral")]["count"] == 1

    browser = Client()
    browser.force_login(hana.user)
    page = browser.get("/admin/alumni/alumnicontribution/")
    assert page.status_code == 200
    assert b"What the network brought, by year" in page.content and b"120,000.00" in page.content


def test_only_hr_records_contributions_and_only_for_alumni(api, demo):
    payload = {"alumnus": demo["olga"].pk, "kind": "referral", "occurred_on": "2026-10-01", "value": "5000"}
    assert api.as_person(demo["marco"]).post("/api/v1/alumni/contributions/", payload).status_code == 403
    assert api.as_person(demo["olga"]).post("/api/v1/alumni/contributions/", payload).status_code == 403
    response = api.as_person(demo["hana"]).post("/api/v1/alumni/contributions/", payload)
    assert response.status_code == 201 and response.json()["recorded_by"] == demo["hana"].pk
    active = api.as_person(demo["hana"]).post("/api/v1/alumni/contributions/", {**payload, "alumnus": demo["ava"].pk})
    assert active.status_code == 400 and "alumnus" in active.json()
    assert AlumniContribution.objects.count() == 1


def test_hr_records_a_contribution_in_the_admin_through_the_service(demo):
    ensure_hr_group()
    browser = Client()
    browser.force_login(demo["hana"].user)
    response = browser.post("/admin/alumni/alumnicontribution/add/", {
        "alumnus": demo["olga"].pk, "kind": "partnership", "description": "Northwind reseller deal",
        "value": "250000", "status": "open", "occurred_on": "2026-10-12",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    contribution = AlumniContribution.objects.get()
    assert contribution.recorded_by == demo["hana"] and contribution.history.first().history_user == demo["hana"].user
    refused = browser.post("/admin/alumni/alumnicontribution/add/", {
        "alumnus": demo["ava"].pk, "kind": "referral", "value": "0", "status": "open", "occurred_on": "2026-10-12",
    })
    assert refused.status_code == 200 and AlumniContribution.objects.count() == 1


def test_my_alumni_profile_reads_in_a_fixed_number_of_queries(api, demo, django_assert_max_num_queries):
    client = api.as_person(demo["olga"])
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/alumni/me/").status_code == 200


def test_hr_can_correct_a_profile_in_the_admin_but_not_opt_someone_in(demo):
    ensure_hr_group()
    browser = Client()
    browser.force_login(demo["hana"].user)
    paul_profile = AlumniProfile.objects.get(person=demo["paul"])
    url = f"/admin/alumni/alumniprofile/{paul_profile.pk}/change/"
    form = {"current_company": "Globex Inc", "current_title": "Account Director", "location": "Boston, MA",
            "public_contact": "paul@globex.example", "open_to_returning": "on"}
    refused = browser.post(url, {**form, "directory_opt_in": "on"})
    assert refused.status_code == 200 and b"Only the alumnus can opt in" in refused.content
    assert browser.post(url, form).status_code == 302
    paul_profile.refresh_from_db()
    assert paul_profile.current_company == "Globex Inc" and paul_profile.directory_opt_in is False
    assert paul_profile.history.first().history_user == demo["hana"].user
