"""A real OpenID Connect provider for the single sign-on tests: tests/oidc/provider/ runs the
certified `oidc-provider` package under Node.js, with a client whose redirect URI is the live test
server's /accounts/oidc/callback/ and the test users below. `npm ci` installs it on first use.

tests/oidc/conftest.py offers these fixtures to its tests; the browser tier imports them too."""
from __future__ import annotations

import html
import json
import os
import pathlib
import re
import shutil
import subprocess
import time
from urllib.parse import urljoin

import pytest

PROVIDER_DIR = pathlib.Path(__file__).resolve().parent / "provider"
CLIENT_ID = "catalyst-test"
CLIENT_SECRET = "catalyst-test-client-secret"  # noqa: S105 (a test provider's client)
PROVIDER_NAME = "Test Identity"

# The provider's accounts: each login name is a user there. Catalyst knows the first and the alumnus.
USERS = [
    {"login": "ava", "email": "Ava.Rep@Example.test", "email_verified": True, "name": "Ava Rep"},
    {"login": "unverified", "email": "uma@example.test", "email_verified": False, "name": "Uma Unverified"},
    {"login": "stranger", "email": "stranger@example.test", "email_verified": True, "name": "Sam Stranger"},
    {"login": "olga", "email": "olga@example.test", "email_verified": True, "name": "Olga Alumna"},
]


def _install() -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js and npm are needed for the test OpenID Connect provider")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PROVIDER_DIR, check=True, timeout=300
        )


class Provider:
    """One running provider; `issuer` is its URL."""

    def __init__(self, *, redirect_uri: str, issuer: str | None = None, kid: str | None = None):
        config = {
            "redirect_uri": redirect_uri, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "users": USERS,
        }
        if issuer:
            config["issuer"] = issuer
        if kid:
            config["kid"] = kid
        self.process = subprocess.Popen(
            ["node", "provider.mjs", json.dumps(config)], cwd=PROVIDER_DIR,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline and not line.startswith("listening "):
            line = self.process.stdout.readline()
            if not line and self.process.poll() is not None:
                raise RuntimeError("the test OpenID Connect provider did not start")
        self.url = line.split()[1]
        self.issuer = issuer or self.url

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def start_provider(live_server):
    """`start_provider(issuer=None)`: a provider for the live server, stopped after the session."""
    _install()
    started: list[Provider] = []

    def _start(**kwargs) -> Provider:
        provider = Provider(redirect_uri=f"{live_server.url}/accounts/oidc/callback/", **kwargs)
        started.append(provider)
        return provider

    yield _start
    for provider in started:
        provider.stop()


@pytest.fixture(scope="session")
def oidc_provider(start_provider) -> Provider:
    return start_provider()


@pytest.fixture
def company_sign_in(settings, live_server, oidc_provider):
    """Catalyst configured for the test provider, as the environment would configure it."""
    from people.oidc import forget_provider_configuration

    settings.CATALYST_OIDC_ISSUER = oidc_provider.issuer
    settings.CATALYST_OIDC_NAME = PROVIDER_NAME
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.CATALYST = {**settings.CATALYST, "SITE_URL": live_server.url}
    forget_provider_configuration()
    yield oidc_provider
    forget_provider_configuration()


class Visitor:
    """A browser without a browser: a cookie jar that follows the sign-in redirects by hand, so a
    test can stop at the callback and tamper with it."""

    def __init__(self, live_url: str):
        import requests

        self.http = requests.Session()
        self.live_url = live_url
        self.callback = f"{live_url}/accounts/oidc/callback/"

    def start(self) -> str:
        """Press "Sign in with …": the provider's authorization URL Catalyst sends the browser to."""
        response = self.http.get(f"{self.live_url}/accounts/oidc/authenticate/", allow_redirects=False)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]

    def sign_in_at_provider(self, authorization_url: str, login: str) -> str:
        """Sign in and consent at the provider; the callback URL it sends the browser back to."""
        response = self.http.get(authorization_url, allow_redirects=False)
        for _ in range(15):
            if response.is_redirect:
                location = urljoin(response.url, response.headers["Location"])
                if location.startswith(self.callback):
                    return location
                response = self.http.get(location, allow_redirects=False)
                continue
            page = response.text
            action = re.search(r'<form[^>]*action="([^"]+)"', page)
            prompt = re.search(r'name="prompt" value="(\w+)"', page)
            assert response.status_code == 200 and action and prompt, page[:1000]
            form = {"prompt": prompt.group(1)}
            if form["prompt"] == "login":
                form.update(login=login, password="anything")  # noqa: S105
            response = self.http.post(urljoin(response.url, html.unescape(action.group(1))), data=form,
                                      allow_redirects=False)
        raise AssertionError("the provider never sent the browser back")

    def get(self, url: str, **kwargs):
        return self.http.get(url, **kwargs)

    def signed_in_as(self) -> str | None:
        response = self.http.get(f"{self.live_url}/api/v1/me/", headers={"Accept": "application/json"})
        return response.json()["username"] if response.status_code == 200 else None


@pytest.fixture
def visitor(live_server):
    visitor = Visitor(live_server.url)
    yield visitor
    visitor.http.close()


@pytest.fixture
def provider_people(db):
    """Catalyst's side of the provider's users: Ava is an active rep, Olga an alumna, and the
    unverified and unknown users have no one here with their email (Uma exists, but unverified)."""
    from people.models import PersonStatus
    from tests.factories import PersonFactory

    ava = PersonFactory(full_name="Ava Rep", email="ava.rep@example.test", user__username="ava")
    uma = PersonFactory(full_name="Uma Unverified", email="uma@example.test", user__username="uma")
    olga = PersonFactory(full_name="Olga Alumna", email="olga@example.test", user__username="olga",
                         status=PersonStatus.ALUMNI)
    return type("People", (), {"ava": ava, "uma": uma, "olga": olga})


os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
