"""Company single sign-on against a real OpenID Connect provider, over HTTP: the whole redirect
flow (Catalyst → provider's sign-in and consent forms → callback → home), who is let in, and the
forged and replayed callbacks that must be refused."""
import re
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest

from tests.oidc.fixtures import PROVIDER_NAME, Visitor

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def test_the_sign_in_page_offers_the_company_provider(company_sign_in, visitor):
    page = visitor.get(f"{visitor.live_url}/accounts/login/")
    assert f"Sign in with {PROVIDER_NAME}" in page.text
    assert 'href="/accounts/oidc/authenticate/"' in page.text


def test_an_active_person_with_a_verified_email_signs_in_and_lands_on_their_home(
    company_sign_in, provider_people, visitor, live_server
):
    authorization_url = visitor.start()
    assert authorization_url.startswith(company_sign_in.url + "/auth?")
    query = parse_qs(urlsplit(authorization_url).query)
    assert query["redirect_uri"] == [f"{live_server.url}/accounts/oidc/callback/"]
    assert query["scope"] == ["openid email profile"]
    assert query["code_challenge_method"] == ["S256"] and query["state"] and query["nonce"]

    landed = visitor.get(visitor.sign_in_at_provider(authorization_url, "ava"))

    assert landed.status_code == 200
    assert urlsplit(landed.url).path == "/plans/mine/"  # the rep's home, through the `/` redirect
    assert visitor.signed_in_as() == "ava"


@pytest.mark.parametrize(
    ("login", "reason"),
    [
        ("unverified", "does not confirm that its email address is verified"),
        ("stranger", "No one at Catalyst has the email address"),
        ("olga", "Alumni sign in with their Catalyst username and password"),
    ],
)
def test_unverified_unknown_and_alumni_are_refused_with_a_page_and_nothing_is_created(
    company_sign_in, provider_people, visitor, login, reason, django_user_model
):
    users_before = django_user_model.objects.count()

    refused = visitor.get(visitor.sign_in_at_provider(visitor.start(), login))

    assert refused.status_code == 403
    assert reason in refused.text and "You are not signed in" in refused.text
    assert visitor.signed_in_as() is None
    assert django_user_model.objects.count() == users_before


def test_an_erased_person_is_refused(company_sign_in, provider_people, visitor):
    from people.models import Person, PersonStatus

    # Erasure blanks the name and email; even with the old email left on the user, no way in.
    Person.objects.filter(pk=provider_people.ava.pk).update(status=PersonStatus.ALUMNI, is_anonymised=True)

    refused = visitor.get(visitor.sign_in_at_provider(visitor.start(), "ava"))

    assert refused.status_code == 403
    assert visitor.signed_in_as() is None


def test_a_callback_with_a_wrong_state_is_refused(company_sign_in, provider_people, visitor):
    callback = visitor.sign_in_at_provider(visitor.start(), "ava")

    refused = visitor.get(_with_query(callback, state="forged-state"))

    assert refused.status_code == 400
    assert "not valid any more" in refused.text
    assert visitor.signed_in_as() is None


def test_a_callback_in_another_browser_is_refused(company_sign_in, provider_people, visitor, live_server):
    """Login CSRF: a callback made for someone else's browser (the attacker's code and state)."""
    callback = visitor.sign_in_at_provider(visitor.start(), "ava")
    victim = Visitor(live_server.url)
    victim.get(f"{live_server.url}/accounts/login/")

    refused = victim.get(callback)

    assert refused.status_code == 400
    assert victim.signed_in_as() is None


def test_a_replayed_callback_is_refused(company_sign_in, provider_people, visitor):
    callback = visitor.sign_in_at_provider(visitor.start(), "ava")
    home = visitor.get(callback)
    assert home.status_code == 200
    # The same browser signs out (the page's own sign-out form), then replays the callback it saw.
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', home.text).group(1)
    visitor.http.post(f"{visitor.live_url}/accounts/logout/", data={"csrfmiddlewaretoken": csrf},
                      headers={"Referer": home.url})
    assert visitor.signed_in_as() is None

    refused = visitor.get(callback)

    assert refused.status_code == 400
    assert visitor.signed_in_as() is None


def test_a_used_code_under_a_fresh_state_is_refused(company_sign_in, provider_people, visitor, live_server):
    """The code was already exchanged; a new sign-in's state does not make it good again (and its
    PKCE verifier does not match the code's challenge): the provider refuses it, and so do we."""
    used = visitor.sign_in_at_provider(visitor.start(), "ava")
    assert visitor.get(used).status_code == 200
    attacker = Visitor(live_server.url)
    fresh_state = parse_qs(urlsplit(attacker.start()).query)["state"][0]

    refused = attacker.get(_with_query(used, state=fresh_state))

    assert refused.status_code == 400
    assert attacker.signed_in_as() is None


def test_an_id_token_with_another_nonce_is_refused(company_sign_in, provider_people, visitor):
    authorization_url = visitor.start()

    callback = visitor.sign_in_at_provider(_with_query(authorization_url, nonce="injected-nonce"), "ava")
    refused = visitor.get(callback)

    assert refused.status_code == 400
    assert visitor.signed_in_as() is None


@pytest.mark.parametrize("borrow_kid", [False, True], ids=["its-own-key-id", "the-real-key-id"])
def test_an_id_token_signed_with_another_key_is_refused(
    company_sign_in, provider_people, visitor, start_provider, borrow_kid
):
    """An impostor provider under the same issuer name issues the code and the ID token, signed with
    its own key (under its own key id, or under the real key's id); the keys Catalyst trusts are
    the ones the real issuer publishes."""
    import requests

    from people import oidc

    real = oidc.provider_configuration()
    real_kid = requests.get(real["jwks_uri"], timeout=5).json()["keys"][0]["kid"]
    impostor = start_provider(issuer=company_sign_in.issuer, kid=real_kid if borrow_kid else None)
    oidc._discovery[company_sign_in.issuer] = (
        float("inf"),
        {**real, **{name: real[name].replace(company_sign_in.url, impostor.url)
                    for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint")}},
    )

    authorization_url = visitor.start()
    assert authorization_url.startswith(impostor.url)
    refused = visitor.get(visitor.sign_in_at_provider(authorization_url, "ava"))

    assert refused.status_code == 400
    assert "not valid any more" in refused.text
    assert visitor.signed_in_as() is None


def test_a_provider_that_cannot_be_reached_leaves_the_password_sign_in_working(
    company_sign_in, provider_people, visitor, settings
):
    from people.oidc import forget_provider_configuration

    settings.CATALYST_OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens there
    forget_provider_configuration()

    assert visitor.get(f"{visitor.live_url}/accounts/login/").status_code == 200
    unavailable = visitor.get(f"{visitor.live_url}/accounts/oidc/authenticate/")
    assert unavailable.status_code == 503
    assert f"{PROVIDER_NAME} cannot be reached" in unavailable.text


def test_refusals_do_not_lock_colleagues_out_and_sign_ins_are_logged_like_password_ones(
    company_sign_in, provider_people, visitor, settings, live_server
):
    """Axes guards passwords: people the provider vouched for but Catalyst refuses are no guesses,
    and an office behind one address must not be locked out of company sign-in by them."""
    from axes.models import AccessAttempt, AccessLog

    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert visitor.get(visitor.sign_in_at_provider(visitor.start(), "stranger")).status_code == 403

    colleague = Visitor(live_server.url)  # another browser at the same address
    landed = colleague.get(colleague.sign_in_at_provider(colleague.start(), "ava"))

    assert urlsplit(landed.url).path == "/plans/mine/"
    assert not AccessAttempt.objects.exists()
    assert AccessLog.objects.filter(username="ava").count() == 1


def test_the_session_loads_the_person_with_the_user(company_sign_in, provider_people, visitor):
    from django.contrib.auth import BACKEND_SESSION_KEY, load_backend
    from django.contrib.sessions.models import Session

    visitor.get(visitor.sign_in_at_provider(visitor.start(), "ava"))

    session = Session.objects.get(session_key=visitor.http.cookies["sessionid"]).get_decoded()
    user = load_backend(session[BACKEND_SESSION_KEY]).get_user(session["_auth_user_id"])
    assert user._catalyst_person == provider_people.ava
