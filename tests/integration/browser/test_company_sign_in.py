"""Company single sign-on in a real browser against the real test provider (tests/oidc/): the
person presses "Sign in with …", signs in and consents at the provider, and lands on their home."""
import re

import pytest

from tests.oidc import fixtures

PROVIDER_NAME = fixtures.PROVIDER_NAME
# The provider and its people, as tests/oidc/ has them.
start_provider = fixtures.start_provider
oidc_provider = fixtures.oidc_provider
company_sign_in = fixtures.company_sign_in
provider_people = fixtures.provider_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_signs_in_with_the_company_provider_and_lands_on_their_home(
    browser, live_server, company_sign_in, provider_people, screenshot
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    screenshot(page, "sign-in-with-company-provider")

    page.get_by_role("link", name=f"Sign in with {PROVIDER_NAME}").click()
    page.wait_for_url(f"{company_sign_in.url}/**")
    page.locator("input[name=login]").fill("ava")
    page.locator("input[name=password]").fill("anything")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # consent
    page.wait_for_url(re.compile(r"/plans/mine/$"))

    assert page.url == f"{live_server.url}/plans/mine/"
    assert "Ava Rep" in page.content()
    screenshot(page, "company-sign-in-home")
    context.close()


def test_an_unknown_person_sees_why_they_are_not_signed_in(
    browser, live_server, company_sign_in, provider_people, screenshot
):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name=f"Sign in with {PROVIDER_NAME}").click()
    page.locator("input[name=login]").fill("stranger")
    page.locator("input[name=password]").fill("anything")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()

    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "No one at Catalyst has the email address" in alert.inner_text()
    assert page.url.startswith(f"{live_server.url}/accounts/oidc/callback/")
    screenshot(page, "company-sign-in-refused")
    context.close()
