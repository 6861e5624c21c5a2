"""Company single sign-on without a provider: what the sign-in page offers, who may still use a
password (CATALYST_PASSWORD_SIGN_IN), and who the provider's claims let in (people.oidc). The
redirect flow itself runs against a real provider in tests/oidc/."""
import pytest
from django.contrib.auth.models import Group

from people import oidc
from people.models import HR_GROUP_NAME, PersonStatus
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # noqa: S105 (the factories' password)


@pytest.fixture
def company_sign_in(settings, monkeypatch):
    """Configured, with a provider nobody can reach: nothing below may need it."""
    settings.CATALYST_OIDC_ISSUER = "http://127.0.0.1:9"
    settings.CATALYST_OIDC_NAME = "Okta"
    settings.OIDC_RP_CLIENT_ID = "catalyst"
    settings.OIDC_RP_CLIENT_SECRET = "client-secret"  # noqa: S105
    settings.OIDC_TIMEOUT = 0.5
    oidc.forget_provider_configuration()
    yield settings
    oidc.forget_provider_configuration()


@pytest.fixture
def employees_off(company_sign_in):
    company_sign_in.CATALYST_PASSWORD_SIGN_IN = "employees-off"
    return company_sign_in


def _sign_in(client, username):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def _token(client, username):
    return client.post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, content_type="application/json"
    )


def test_without_configuration_the_sign_in_page_is_unchanged_and_the_routes_are_not_there(client):
    page = client.get("/accounts/login/")
    assert page.status_code == 200 and "Sign in with" not in page.content.decode()
    assert client.get("/accounts/oidc/authenticate/").status_code == 404
    assert client.get("/accounts/oidc/callback/?code=x&state=y").status_code == 404


def test_with_configuration_the_sign_in_page_offers_the_button_without_asking_the_provider(
    client, company_sign_in, monkeypatch
):
    def unreachable():
        raise AssertionError("the sign-in page must not need the provider")

    monkeypatch.setattr(oidc, "provider_configuration", unreachable)
    page = client.get("/accounts/login/?next=/team/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Sign in with Okta" in body
    assert 'href="/accounts/oidc/authenticate/?next=/team/"' in body


def test_a_provider_that_cannot_be_reached_is_a_clear_page_and_passwords_still_work(client, company_sign_in):
    person = PersonFactory(user__username="ava")

    response = client.get("/accounts/oidc/authenticate/")

    assert response.status_code == 503
    assert "Okta cannot be reached right now" in response.content.decode()
    assert _sign_in(client, "ava").status_code == 302
    assert client.session["_auth_user_id"] == str(person.user.pk)


def test_a_callback_without_a_sign_in_in_progress_is_refused(client, company_sign_in):
    response = client.get("/accounts/oidc/callback/?code=stolen&state=guessed")

    assert response.status_code == 400
    assert "not valid any more" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_provider_saying_no_is_a_clear_page(client, company_sign_in):
    response = client.get("/accounts/oidc/callback/?error=access_denied&state=x")

    assert response.status_code == 403
    assert "Okta did not sign you in (access_denied)" in response.content.decode()
    echoed = client.get("/accounts/oidc/callback/?error=Call+0800+now+to+restore+your+account")
    assert echoed.status_code == 403 and "0800" not in echoed.content.decode()


def test_passwords_stay_on_for_everyone_by_default(client, company_sign_in):
    PersonFactory(user__username="ava")
    assert _sign_in(client, "ava").status_code == 302
    assert _token(client, "ava").status_code == 200


def test_employees_off_refuses_an_employee_on_the_form_and_the_token_endpoint(client, employees_off):
    PersonFactory(user__username="ava")

    page = _sign_in(client, "ava")
    token = _token(client, "ava")

    assert page.status_code == 200 and "_auth_user_id" not in client.session
    assert "Employees sign in with Okta" in page.content.decode()
    assert token.status_code == 403
    assert "Sign in with Okta" in token.json()["detail"]


def test_employees_off_refuses_hr_too_but_alumni_and_superusers_keep_passwords(client, employees_off):
    hr = PersonFactory(user__username="hana")
    hr.user.groups.add(Group.objects.get_or_create(name=HR_GROUP_NAME)[0])
    PersonFactory(user__username="olga", status=PersonStatus.ALUMNI)
    PersonFactory(user__username="root", user__is_superuser=True, user__is_staff=True)
    UserFactory(username="bare-admin", is_superuser=True, is_staff=True)

    assert _token(client, "hana").status_code == 403
    for username in ("olga", "root", "bare-admin"):
        assert _token(client, username).status_code == 200, username
    assert _sign_in(client, "olga").status_code == 302


def test_employees_off_without_a_provider_configured_changes_nothing(client, settings):
    settings.CATALYST_PASSWORD_SIGN_IN = "employees-off"
    PersonFactory(user__username="ava")
    assert _sign_in(client, "ava").status_code == 302


@pytest.mark.parametrize(
    ("claims", "refusal"),
    [
        ({"email": "ava@corp.test", "email_verified": False}, oidc.SignInRefused.UNVERIFIED),
        ({"email": "ava@corp.test"}, oidc.SignInRefused.UNVERIFIED),
        ({"email": "ava@corp.test", "email_verified": "true"}, oidc.SignInRefused.UNVERIFIED),
        ({"email": "ava@corp.test", "email_verified": False, "xms_edov": False}, oidc.SignInRefused.UNVERIFIED),
        ({"email": "nobody@corp.test", "email_verified": True}, oidc.SignInRefused.UNKNOWN),
        ({"email": "", "email_verified": True}, oidc.SignInRefused.UNKNOWN),
        ({"email": "shared@corp.test", "email_verified": True}, oidc.SignInRefused.AMBIGUOUS),
        ({"email": "olga@corp.test", "email_verified": True}, oidc.SignInRefused.NOT_AN_EMPLOYEE),
        ({"email": "erased@corp.test", "email_verified": True}, oidc.SignInRefused.NOT_AN_EMPLOYEE),
        ({"email": "gone@corp.test", "email_verified": True}, oidc.SignInRefused.NOT_AN_EMPLOYEE),
    ],
)
def test_who_the_claims_let_in(claims, refusal, django_user_model):
    PersonFactory(email="ava@corp.test")
    PersonFactory(email="shared@corp.test")
    PersonFactory(email="other@corp.test", user__email="Shared@Corp.test")
    PersonFactory(email="olga@corp.test", status=PersonStatus.ALUMNI)
    PersonFactory(email="erased@corp.test", status=PersonStatus.ALUMNI, is_anonymised=True)
    PersonFactory(email="gone@corp.test", user__is_active=False)
    users = django_user_model.objects.count()

    with pytest.raises(oidc.SignInRefused) as refused:
        oidc.company_sign_in_user(claims=claims)

    assert str(refused.value) == refusal
    assert django_user_model.objects.count() == users


def test_a_verified_email_matches_the_person_or_the_user_in_any_case():
    ava = PersonFactory(email="ava@corp.test")
    ben = PersonFactory(email="", user__email="ben@corp.test")
    # Entra ID vouches with `xms_edov` (the email's domain is verified by the tenant) instead.
    assert oidc.company_sign_in_user(claims={"email": "ava@corp.test", "xms_edov": True}) == ava.user

    assert oidc.company_sign_in_user(claims={"email": "AVA@Corp.Test", "email_verified": True}) == ava.user
    assert oidc.company_sign_in_user(claims={"email": " ben@CORP.test", "email_verified": True}) == ben.user


def test_the_redirect_uri_is_the_site_url_whatever_the_host_header(settings):
    settings.CATALYST = {**settings.CATALYST, "SITE_URL": "https://catalyst.example.com/"}
    assert oidc.callback_url() == "https://catalyst.example.com/accounts/oidc/callback/"


def test_google_id_tokens_may_name_their_issuer_without_the_scheme():
    assert oidc.accepted_issuers("https://accounts.google.com") == ["https://accounts.google.com", "accounts.google.com"]
    assert oidc.accepted_issuers("https://corp.okta.com/oauth2/default") == ["https://corp.okta.com/oauth2/default"]


def test_production_starts_with_a_provider_that_cannot_be_reached():
    from tests.test_settings import SERVICES, run_production

    completed = run_production(
        {**SERVICES, "CATALYST_OIDC_ISSUER": "http://127.0.0.1:9", "CATALYST_OIDC_CLIENT_ID": "catalyst",
         "CATALYST_OIDC_CLIENT_SECRET": "secret", "CATALYST_PASSWORD_SIGN_IN": "employees-off"},
        path="/accounts/oidc/callback/",
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "oidc_authentication_callback"


def test_a_mistyped_password_sign_in_setting_refuses_to_start():
    from tests.test_settings import SERVICES, run_production

    completed = run_production({**SERVICES, "CATALYST_PASSWORD_SIGN_IN": "off"})

    assert completed.returncode != 0
    assert "CATALYST_PASSWORD_SIGN_IN is 'off': use on or employees-off." in completed.stderr
