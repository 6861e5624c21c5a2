import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_role_signs_in_and_lands_on_its_home(sign_in, demo_site, screenshot):
    page = sign_in("ava")
    assert page.url.endswith("/plans/mine/")
    screenshot(page, "rep-home")
    page = sign_in("marco")
    assert page.url.endswith("/team/")
    page = sign_in("olga")
    assert page.url.endswith("/alumni/")


def test_a_wrong_password_says_so(browser, demo_site, screenshot):
    page = browser.new_page()
    page.goto(f"{demo_site.url}/accounts/login/")
    page.get_by_label("Username").fill("ava")
    page.get_by_label("Password").fill("not-her-password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").is_visible()
    screenshot(page, "login-error")
    page.close()
