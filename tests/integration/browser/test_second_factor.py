"""HR's second factor in a real browser: set-up with the QR code drawn under the page's CSP, the
recovery codes, then a later sign-in held at the code prompt."""
import re

import pytest
from django_otp.oath import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def current_code(base32_key: str) -> str:
    from base64 import b32decode

    text = "".join(base32_key.split())
    return f"{totp(b32decode(text + '=' * (-len(text) % 8)), step=30, t0=0, digits=6):06d}"


def test_hana_sets_up_an_authenticator_then_signs_in_with_a_recovery_code(sign_in, settings, screenshot):
    settings.CATALYST_HR_REQUIRE_MFA = True
    page = sign_in("hana")
    assert "/accounts/mfa/setup/" in page.url
    qr = page.get_by_role("img", name=re.compile("QR code"))
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0"), "the CSP blocked the QR code"
    screenshot(page, "mfa-setup")

    page.get_by_label("Code from the app").fill(current_code(page.locator(".secret-key").inner_text()))
    page.get_by_role("button", name="Confirm").click()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    screenshot(page, "mfa-recovery-codes")
    page.get_by_role("link", name="Continue").click()
    assert "/admin/" in page.url

    page = sign_in("hana")
    assert "/accounts/mfa/verify/" in page.url
    page.get_by_label("Code").fill("123 456")
    page.get_by_role("button", name="Confirm").click()
    assert page.get_by_role("alert").inner_text().startswith("That code is not right")
    screenshot(page, "mfa-wrong-code")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Confirm").click()
    assert "/admin/" in page.url
    # The admin page may still be loading when the address changes: wait for the message.
    page.get_by_text("You signed in with a recovery code; 9 left").wait_for(state="visible", timeout=15_000)
