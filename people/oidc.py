"""Company single sign-on with OpenID Connect (mozilla-django-oidc), and who may still use a password.

Configured only from the environment (docs/operations.md): `CATALYST_OIDC_ISSUER`,
`CATALYST_OIDC_CLIENT_ID`, `CATALYST_OIDC_CLIENT_SECRET` and `CATALYST_OIDC_NAME`. The provider's
endpoints and keys come from its `/.well-known/openid-configuration`, read when someone first signs
in through it and kept for an hour; a provider that cannot be reached costs that one sign-in a clear
page, never the start of the app or the password sign-in page.

The library checks state (one use, bound to the browser's session), nonce and PKCE and verifies the
ID token's signature against the provider's published keys; this module adds what it leaves out:
the token's issuer and audience, and who may come in. A person comes in only when the provider
vouches for their email (`email_verified` true) and that email belongs to exactly one active
Person (Person.email or User.email, in any case). Nobody is ever created; alumni and erased people
never come in this way (alumni keep a password of their own). Every refusal is a page that says
why, with a 4xx status, and nobody signed in.

`CATALYST_PASSWORD_SIGN_IN=employees-off` leaves the company provider as the only way in for
employees (active Persons); alumni, accounts with no Person and superusers (the break-glass
accounts, which HR cannot create) keep their passwords: `password_sign_in_allowed`.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from people.backends import PersonModelBackend
from people.models import Person, PersonStatus

logger = logging.getLogger(__name__)

DISCOVERY_SECONDS = 60 * 60
PASSWORD_SIGN_IN_EMPLOYEES_OFF = "employees-off"


# --- configuration -------------------------------------------------------------------------------

def company_sign_in_enabled() -> bool:
    return bool(settings.CATALYST_OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID and settings.OIDC_RP_CLIENT_SECRET)


def company_sign_in_name() -> str:
    return settings.CATALYST_OIDC_NAME or "your company account"


def callback_url() -> str:
    """The redirect URI registered at the provider (CONTRACT.md): built from CATALYST_SITE_URL, not
    from the request's Host header, so it is the same behind any proxy."""
    return settings.CATALYST["SITE_URL"].rstrip("/") + reverse("oidc_authentication_callback")


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read or does not describe the issuer."""


_discovery: dict[str, tuple[float, dict[str, Any]]] = {}
_discovery_lock = threading.Lock()


def provider_configuration() -> dict[str, Any]:
    """The issuer's discovery document, fetched once an hour per process."""
    issuer = settings.CATALYST_OIDC_ISSUER
    cached = _discovery.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    with _discovery_lock:
        cached = _discovery.get(issuer)  # another thread may have fetched it meanwhile
        if cached and cached[0] > time.monotonic():
            return cached[1]
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            logger.warning("company sign-in: the provider's configuration could not be read (%s)", error)
            raise ProviderUnavailable(str(error)) from error
        if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
            # OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was asked for.
            raise ProviderUnavailable(f"the discovery document at {url} does not name {issuer} as its issuer")
        missing = {"authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"} - document.keys()
        if missing:
            raise ProviderUnavailable(f"the discovery document lacks {', '.join(sorted(missing))}")
        _discovery[issuer] = (time.monotonic() + DISCOVERY_SECONDS, document)
        return document


def accepted_issuers(issuer: str) -> list[str]:
    """The `iss` values an ID token may carry: the discovery document's issuer, and for Google
    also the scheme-less form its ID tokens may carry (Google's OpenID Connect documentation)."""
    if issuer == "https://accounts.google.com":
        return [issuer, "accounts.google.com"]
    return [issuer]


def forget_provider_configuration() -> None:
    _discovery.clear()


# --- who may use a password ----------------------------------------------------------------------

def password_sign_in_allowed(user: Any) -> bool:
    """False only for an employee (an active Person, not a superuser) while
    CATALYST_PASSWORD_SIGN_IN is `employees-off` and company sign-in is configured."""
    if settings.CATALYST_PASSWORD_SIGN_IN != PASSWORD_SIGN_IN_EMPLOYEES_OFF or not company_sign_in_enabled():
        return True
    if user.is_superuser:
        return True
    person = getattr(user, "_catalyst_person", None) or Person.objects.filter(user_id=user.pk).first()
    return person is None or person.status != PersonStatus.ACTIVE


def password_refusal_message() -> str:
    return f"Employees sign in with {company_sign_in_name()}: use the “Sign in with {company_sign_in_name()}” button."


class SignInForm(AuthenticationForm):
    """The password form: refuses employees when company sign-in is their only way in."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not password_sign_in_allowed(user):
            raise ValidationError(password_refusal_message(), code="company_sign_in_only")


# --- the backend ---------------------------------------------------------------------------------

class SignInRefused(Exception):
    """The provider signed someone in, but Catalyst does not let them in; the message says why."""

    UNVERIFIED = "Your company account does not confirm that its email address is verified."
    UNKNOWN = "No one at Catalyst has the email address your company account gave."
    AMBIGUOUS = "More than one person at Catalyst has that email address; ask HR to correct it."
    NOT_AN_EMPLOYEE = (
        "Your Catalyst account is not an employee's any more, so it cannot be reached through the "
        "company account. Alumni sign in with their Catalyst username and password."
    )


def email_is_verified(claims: dict[str, Any]) -> bool:
    """`email_verified` true (OpenID Connect Core 5.1; Okta and Google send it), or Entra ID's
    `xms_edov` true: the email's domain is one the tenant's administrators verified (Entra sends no
    `email_verified`; docs/operations.md says how to add the optional claim)."""
    return claims.get("email_verified") is True or claims.get("xms_edov") is True


def company_sign_in_user(*, claims: dict[str, Any]) -> Any:
    """The user of the one active Person whose email the provider verified, or SignInRefused.

    Matched case-insensitively on Person.email or User.email; nothing is ever created.
    """
    email = str(claims.get("email") or "").strip()
    if not email_is_verified(claims):
        raise SignInRefused(SignInRefused.UNVERIFIED)
    if not email:
        raise SignInRefused(SignInRefused.UNKNOWN)
    people = list(
        Person.objects.select_related("user").filter(Q(email__iexact=email) | Q(user__email__iexact=email))[:2]
    )
    if not people:
        raise SignInRefused(SignInRefused.UNKNOWN)
    if len(people) > 1:
        raise SignInRefused(SignInRefused.AMBIGUOUS)
    person = people[0]
    if person.status != PersonStatus.ACTIVE or person.is_anonymised or not person.user.is_active:
        raise SignInRefused(SignInRefused.NOT_AN_EMPLOYEE)
    return person.user


def axes_exempt(request: HttpRequest, credentials: dict | None = None) -> bool:
    """AXES_WHITELIST_CALLABLE: the password lockout is for password guesses. A company sign-in is
    authenticated by the provider, and a refusal there is about who someone is (the callback view
    alone passes a nonce); counting it would lock everyone behind the same address out of it."""
    return bool(credentials) and "nonce" in credentials and "password" not in credentials


class CompanySignInBackend(OIDCAuthenticationBackend, PersonModelBackend):
    """Signs in the one active Person whose email the provider verified (`company_sign_in_user`).

    Listed after the password backends in AUTHENTICATION_BACKENDS, so Django's chain (and axes)
    sees every attempt; the session it starts loads the user with their Person as the password
    sign-in's do (PersonModelBackend.get_user).
    """

    get_user = PersonModelBackend.get_user

    def __init__(self, *args, **kwargs):
        # The library reads every endpoint here, and Django builds each backend for every password
        # sign-in too: the endpoints are read only when the provider is used (the properties below).
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = get_user_model()

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # noqa: N802 (the library's name)
        return provider_configuration()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:  # noqa: N802
        return provider_configuration()["userinfo_endpoint"]

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:  # noqa: N802
        return provider_configuration()["jwks_uri"]

    def authenticate(self, request, **credentials):
        # Only the callback view calls with a nonce; password sign-ins pass a username and password.
        if request is None or "nonce" not in credentials or not company_sign_in_enabled():
            return None
        try:
            return super().authenticate(request, **credentials)
        except requests.HTTPError as error:
            # The provider refused the code (already used, expired, or not issued for this PKCE
            # verifier and redirect URI): a forged or replayed callback.
            status = getattr(error.response, "status_code", None)
            logger.warning("company sign-in: the provider refused the authorization code (status %s)", status)
            raise SuspiciousOperation("The provider refused the authorization code.") from error

    def get_token(self, payload):
        payload["redirect_uri"] = callback_url()
        return super().get_token(payload)

    def _verify_jws(self, payload, key):
        """The library checks the signature and expiry; the issuer and audience are checked here
        (OpenID Connect Core 3.1.3.7), with every failure a refusal rather than an error."""
        try:
            return jwt.decode(
                payload, key, algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID, issuer=accepted_issuers(provider_configuration()["issuer"]),
                options={"require": ["iss", "aud", "exp", "iat", "sub"]}, leeway=60,
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"The ID token was refused: {error}") from error

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims with the userinfo endpoint's on top, for the same subject only."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo answer is about another subject than the ID token.")
        return {**payload, **userinfo}

    def get_or_create_user(self, access_token, id_token, payload):
        try:
            return company_sign_in_user(claims=self.get_userinfo(access_token, id_token, payload))
        except SignInRefused as refusal:
            logger.info("company sign-in refused: %s", refusal)
            self.request._company_sign_in_refusal = str(refusal)
            return None


# --- the views -----------------------------------------------------------------------------------

def _refusal_page(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(
        request, "people/company_sign_in_refused.html",
        {"message": message, "provider_name": company_sign_in_name()}, status=status,
    )


UNAVAILABLE = "{name} cannot be reached right now. Try again in a few minutes."
FORGED = (
    "This sign-in link is not valid any more (it was already used, has expired, or did not come from "
    "this browser). Start again from the sign-in page."
)


class CompanySignInStartView(OIDCAuthenticationRequestView):
    """`/accounts/oidc/authenticate/`: sends the browser to the provider with state, nonce and PKCE."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not company_sign_in_enabled():
            raise Http404("Company sign-in is not configured.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_configuration()["authorization_endpoint"]
        except ProviderUnavailable:
            return _refusal_page(request, UNAVAILABLE.format(name=company_sign_in_name()), status=503)
        return super().get(request)

    def get_extra_params(self, request):
        return {**super().get_extra_params(request), "redirect_uri": callback_url()}


class CompanySignInCallbackView(OIDCAuthenticationCallbackView):
    """`/accounts/oidc/callback/`: the provider's answer. Anything but a sign-in is a page saying why."""

    def get(self, request):
        if not company_sign_in_enabled():
            raise Http404("Company sign-in is not configured.")
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            logger.warning("company sign-in refused a callback: %s", error)
            return _refusal_page(request, FORGED, status=400)
        except ProviderUnavailable:
            return _refusal_page(request, UNAVAILABLE.format(name=company_sign_in_name()), status=503)
        except requests.RequestException as error:
            logger.warning("company sign-in: the provider did not answer (%s)", error)
            return _refusal_page(request, UNAVAILABLE.format(name=company_sign_in_name()), status=503)

    def login_failure(self):
        reason = getattr(self.request, "_company_sign_in_refusal", None)
        if reason is not None:
            return _refusal_page(self.request, reason, status=403)
        error = self.request.GET.get("error", "")
        if error:
            # An OAuth error code (RFC 6749 4.1.2.1) is shown as it is; any other text is not echoed.
            code = f" ({error})" if re.fullmatch(r"[a-z_]{1,64}", error) else ""
            return _refusal_page(self.request, f"{company_sign_in_name()} did not sign you in{code}.", status=403)
        return _refusal_page(self.request, FORGED, status=400)
