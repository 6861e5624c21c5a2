"""A person HR imports with "Send invitations" follows the emailed link, chooses a password in the
browser and lands signed in on their home; a forgotten password is reset from the sign-in page."""
import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVITATION = re.compile(r"https?://[^/\s]+(/accounts/invitation/\d+/[0-9a-f]+/)")
RESET = re.compile(r"https?://[^/\s]+(/accounts/reset/\S+/\S+/)")


def test_an_imported_person_accepts_the_invitation_and_later_resets_the_password(
    browser, sign_in, demo_site, screenshot, tmp_path,
):
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("username,full_name,email,title,manager\nzara,Zara Quinn,zara@example.com,Account Executive,marco\n")
    hr = sign_in("hana")
    hr.goto(f"{demo_site.url}/admin/people/person/import-csv/")
    hr.set_input_files("input[type=file]", str(csv_file))
    hr.get_by_label("Send invitations").check()
    hr.get_by_role("button", name="Import").click()
    hr.wait_for_load_state("networkidle")
    assert "Invited 1 person" in hr.content()
    screenshot(hr, "invitation-import")
    assert [message.to for message in mail.outbox] == [["zara@example.com"]]
    link = INVITATION.search(mail.outbox[0].body).group(1)

    zara = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    zara.goto(demo_site.url + link)
    assert zara.get_by_role("heading", name="Welcome to Catalyst, Zara Quinn").is_visible()
    zara.get_by_label("New password").fill("12345678")
    zara.get_by_label("Repeat the password").fill("12345678")
    zara.get_by_role("button", name="Set password and sign in").click()
    assert zara.get_by_text("This password is entirely numeric.").is_visible()
    zara.get_by_label("New password").fill("Zara-closes-big-deals-24")
    zara.get_by_label("Repeat the password").fill("Zara-closes-big-deals-24")
    zara.get_by_role("button", name="Set password and sign in").click()
    zara.wait_for_load_state("networkidle")
    assert zara.url.endswith("/plans/mine/") and "Zara Quinn" in zara.inner_text(".who")
    screenshot(zara, "invitation-accepted-home")
    zara.get_by_role("button", name="Sign out").click()
    zara.wait_for_load_state("networkidle")

    zara.goto(demo_site.url + link)
    assert zara.get_by_role("heading", name="This invitation has already been used.").is_visible()
    screenshot(zara, "invitation-used")

    zara.goto(f"{demo_site.url}/accounts/login/")
    zara.get_by_role("link", name="Forgot your password?").click()
    zara.get_by_label("Email address").fill("zara@example.com")
    zara.get_by_role("button", name="Email me a link").click()
    zara.wait_for_load_state("networkidle")
    assert zara.get_by_role("heading", name="Check your email").is_visible()
    reset = RESET.search(mail.outbox[-1].body).group(1)
    zara.goto(demo_site.url + reset)
    zara.get_by_label("New password").fill("Zara-renews-every-account-9")
    zara.get_by_label("Repeat the password").fill("Zara-renews-every-account-9")
    zara.get_by_role("button", name="Change my password").click()
    zara.wait_for_load_state("networkidle")
    assert zara.get_by_role("heading", name="Your password is changed").is_visible()
    page = sign_in("zara", "Zara-renews-every-account-9")
    assert page.url.endswith("/plans/mine/")
