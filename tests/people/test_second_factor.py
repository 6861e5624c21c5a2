"""HR's second factor (people.mfa): set-up, the code at every sign-in, recovery codes, the API token,
a superuser's reset, and the switch. Codes are computed here from the device's own key."""
from __future__ import annotations

import datetime
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time
from rest_framework.test import APIClient

from people import mfa
from tests.factories import PersonFactory

PASSWORD = "secret-pass-123"
START = datetime.datetime(2026, 12, 1, 9, 0, 5, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _second_factor_on(settings):
    settings.CATALYST_HR_REQUIRE_MFA = True
    settings.AXES_ENABLED = False


def code_for(key_hex: str) -> str:
    """The six digits an authenticator app shows for this key now (freezegun's now in a frozen test)."""
    return f"{totp(bytes.fromhex(key_hex), step=30, t0=0, digits=6, drift=0):06d}"


def sign_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def set_up(client: Client) -> list[str]:
    """Open the set-up page, confirm with the current code, return the recovery codes shown."""
    page = client.get(reverse("mfa:setup"))
    assert page.status_code == 200
    key = client.session[mfa.SETUP_KEY_SESSION_KEY]
    response = client.post(reverse("mfa:setup"), {"code": code_for(key), "next": "/team/"})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == mfa.RECOVERY_CODE_COUNT
    return codes


def device_of(person) -> TOTPDevice:
    return TOTPDevice.objects.get(user=person.user, confirmed=True)


@pytest.mark.django_db
def test_hr_cannot_open_the_admin_or_team_pages_before_setting_up_a_second_factor(org):
    client = sign_in("t_hana")
    for path in ("/admin/", "/team/", "/admin/people/person/", "/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("mfa:setup") + "?next="), path
    # The session API is closed too, with a JSON answer rather than a redirect.
    assert client.get("/api/v1/me/").status_code == 403


@pytest.mark.django_db
def test_setting_up_shows_a_qr_code_and_the_key_then_the_recovery_codes_once(org):
    client = sign_in("t_hana")
    page = client.get(reverse("mfa:setup"))
    body = page.content.decode()
    assert 'src="data:image/svg+xml' in body
    assert mfa.setup_key_base32(client.session[mfa.SETUP_KEY_SESSION_KEY]) in body
    assert page["Cache-Control"].startswith("max-age=0")
    codes = set_up(client)
    assert StaticToken.objects.filter(device__user=org.hr.user).count() == len(codes)
    # Verified by the set-up itself: the pages open.
    assert client.get("/team/").status_code == 200
    assert client.get("/admin/").status_code == 200
    # Shown once: the security page counts them but never shows them again.
    security = client.get(reverse("mfa:security")).content.decode()
    assert "10 unused recovery codes left" in security
    assert not any(code in security for code in codes)


@pytest.mark.django_db
def test_a_wrong_first_code_does_not_set_anything_up(org):
    client = sign_in("t_hana")
    with freeze_time(START):
        client.get(reverse("mfa:setup"))
        wrong = f"{(int(code_for(client.session[mfa.SETUP_KEY_SESSION_KEY])) + 500000) % 1000000:06d}"
        response = client.post(reverse("mfa:setup"), {"code": wrong})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=org.hr.user).exists()
    assert client.get("/team/").status_code == 302


@pytest.mark.django_db
def test_every_later_sign_in_asks_for_a_code_and_refuses_a_wrong_one_and_a_replayed_one(org):
    with freeze_time(START) as clock:
        set_up(sign_in("t_hana"))
        device = device_of(org.hr)
        used_at_set_up = code_for(device.key)

        client = sign_in("t_hana")
        response = client.get("/admin/")
        assert response["Location"] == reverse("mfa:verify") + "?next=%2Fadmin%2F"

        # The code of the set-up's time step was used already: refused, still no admin.
        response = client.post(reverse("mfa:verify"), {"code": used_at_set_up, "next": "/admin/"})
        assert "That code is not right, or it was used already" in response.content.decode()
        assert client.get("/admin/").status_code == 302

        # A wrong code: the clear message; and the next try must wait (django-otp's throttling).
        clock.tick(datetime.timedelta(seconds=30))
        wrong = f"{(int(code_for(device.key)) + 1) % 1000000:06d}"
        response = client.post(reverse("mfa:verify"), {"code": wrong, "next": "/admin/"})
        assert "That code is not right" in response.content.decode()
        response = client.post(reverse("mfa:verify"), {"code": code_for(device.key), "next": "/admin/"})
        assert "Too many wrong codes. Wait" in response.content.decode()

        # After the wait, the current code opens the admin, and where the person was going.
        clock.tick(datetime.timedelta(seconds=5))
        current = code_for(device.key)
        response = client.post(reverse("mfa:verify"), {"code": current, "next": "/admin/"})
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200
        assert client.get("/team/").status_code == 200

        # The same code in another session (someone who saw it over a shoulder) is refused.
        other = sign_in("t_hana")
        response = other.post(reverse("mfa:verify"), {"code": current, "next": "/admin/"})
        assert "used already" in response.content.decode()
        assert other.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_a_recovery_code_works_once(org):
    codes = set_up(sign_in("t_hana"))
    client = sign_in("t_hana")
    response = client.post(reverse("mfa:verify"), {"code": codes[0].upper(), "next": "/admin/"}, follow=True)
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert "You signed in with a recovery code; 9 left" in response.content.decode()

    again = sign_in("t_hana")
    response = again.post(reverse("mfa:verify"), {"code": codes[0], "next": "/admin/"})
    assert "That recovery code is not right, or it was used already" in response.content.decode()
    assert again.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_hr_makes_new_recovery_codes_and_the_old_ones_stop_working(org):
    client = sign_in("t_hana")
    old = set_up(client)
    response = client.post(reverse("mfa:recovery-codes"))
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == mfa.RECOVERY_CODE_COUNT and not set(new) & set(old)

    later = sign_in("t_hana")
    assert "not right" in later.post(reverse("mfa:verify"), {"code": old[1]}).content.decode()
    with freeze_time(datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=5)):
        assert later.post(reverse("mfa:verify"), {"code": new[1]}).status_code == 302


@pytest.mark.django_db
def test_a_sign_in_by_any_other_way_is_held_at_the_code_too(org):
    """Single sign-on and invitation links end in Django's login(): the same session check applies."""
    set_up(sign_in("t_hana"))
    client = Client()
    client.force_login(org.hr.user)
    assert client.get("/admin/")["Location"].startswith(reverse("mfa:verify"))


@pytest.mark.django_db
def test_a_rep_or_a_manager_is_never_asked(org):
    for username in ("t_ava", "t_marco"):
        client = sign_in(username)
        assert client.get("/team/").status_code in (200, 403)
        assert not client.get("/", follow=True).redirect_chain[-1][0].startswith("/accounts/mfa/")
        assert client.get(reverse("mfa:setup")).status_code == 403
        assert client.get(reverse("mfa:verify")).status_code == 403
    assert not TOTPDevice.objects.exists()


@pytest.mark.django_db
def test_a_superuser_is_asked_too(org):
    PersonFactory(user__username="t_root", user__is_superuser=True, user__is_staff=True)
    client = sign_in("t_root")
    assert client.get("/admin/")["Location"].startswith(reverse("mfa:setup"))


@pytest.mark.django_db
def test_with_the_setting_off_nobody_is_asked(org, settings):
    settings.CATALYST_HR_REQUIRE_MFA = False
    client = sign_in("t_hana")
    assert client.get("/admin/").status_code == 200
    assert client.get("/team/").status_code == 200
    token = APIClient().post("/api/v1/auth/token/", {"username": "t_hana", "password": PASSWORD}, format="json")
    assert token.status_code == 200


@pytest.mark.django_db
def test_an_api_token_for_hr_needs_a_current_code(org):
    api = APIClient()
    body = {"username": "t_hana", "password": PASSWORD}
    response = api.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400 and "Set up your second factor" in response.json()["otp"][0]

    with freeze_time(START) as clock:
        set_up(sign_in("t_hana"))
        key = device_of(org.hr).key
        response = api.post("/api/v1/auth/token/", body, format="json")
        assert response.status_code == 400 and "send a code" in response.json()["otp"][0]
        clock.tick(datetime.timedelta(seconds=30))
        response = api.post("/api/v1/auth/token/", {**body, "otp": code_for(key)}, format="json")
        assert response.status_code == 200
        token = response.json()["token"]
        assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").json()["username"] == "t_hana"
        # The same code a second time: refused.
        response = api.post("/api/v1/auth/token/", {**body, "otp": code_for(key)}, format="json")
        assert response.status_code == 400

    # A rep's token needs no code.
    assert api.post("/api/v1/auth/token/", {"username": "t_ava", "password": PASSWORD}, format="json").status_code == 200


@pytest.mark.django_db
def test_a_superuser_resets_a_lost_second_factor_from_the_admin(org, settings):
    set_up(sign_in("t_hana"))
    assert TOTPDevice.objects.filter(user=org.hr.user).exists()
    # HR itself cannot see or reset devices.
    settings.CATALYST_HR_REQUIRE_MFA = False
    hr_client = sign_in("t_hana")
    assert hr_client.get("/admin/otp_totp/totpdevice/").status_code == 403

    root = PersonFactory(user__username="t_root", user__is_superuser=True, user__is_staff=True)
    admin = Client()
    admin.force_login(root.user)
    listing = admin.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200 and "t_hana" in listing.content.decode()
    device = device_of(org.hr)
    response = admin.post("/admin/otp_totp/totpdevice/", {
        "action": "reset_second_factor", "_selected_action": [device.pk]}, follow=True)
    assert "Reset the second factor of 1 account" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=org.hr.user).exists()
    assert not StaticDevice.objects.filter(user=org.hr.user).exists()

    settings.CATALYST_HR_REQUIRE_MFA = True
    assert sign_in("t_hana").get("/admin/")["Location"].startswith(reverse("mfa:setup"))


@pytest.mark.django_db
def test_the_recovery_codes_are_not_shown_in_the_admin(org, settings):
    codes = set_up(sign_in("t_hana"))
    settings.CATALYST_HR_REQUIRE_MFA = False
    root = PersonFactory(user__username="t_root", user__is_superuser=True, user__is_staff=True)
    admin = Client()
    admin.force_login(root.user)
    device = StaticDevice.objects.get(user=org.hr.user)
    page = admin.get(f"/admin/otp_static/staticdevice/{device.pk}/change/").content.decode()
    assert not any(code in page for code in codes)
    totp_page = admin.get(f"/admin/otp_totp/totpdevice/{device_of(org.hr).pk}/change/").content.decode()
    assert device_of(org.hr).key not in totp_page
    assert admin.get(f"/admin/otp_totp/totpdevice/{device_of(org.hr).pk}/qrcode/").status_code == 403


@pytest.mark.django_db
def test_next_may_not_lead_off_the_site(org):
    with freeze_time(START) as clock:
        set_up(sign_in("t_hana"))
        clock.tick(datetime.timedelta(seconds=30))
        client = sign_in("t_hana")
        response = client.post(reverse("mfa:verify"), {
            "code": code_for(device_of(org.hr).key), "next": "https://evil.example/"})
        assert response["Location"] == "/"


@pytest.mark.django_db
def test_before_its_code_an_hr_session_opens_no_route_of_the_authorization_matrix(settings):
    """Every page of the matrix sends hana to set up her second factor; every API call made with her
    session answers 403. Only the second factor's own pages answer."""
    from tests.test_authorization_matrix import MATRIX, World, _reverse

    world = World()
    hana = world.people["hana"].user
    setup_url = reverse("mfa:setup")
    failures = []
    for entry in MATRIX:
        if entry.route.startswith("mfa:"):
            continue
        for scenario in entry.expect:
            with transaction.atomic():
                world.cache.clear()
                url = _reverse(entry.route, entry.kwargs(world, scenario) if entry.kwargs else {})
                client = Client()
                client.force_login(hana)
                response = getattr(client, entry.method)(url, {}, content_type="application/json")
                if entry.page:
                    if response.status_code != 302 or not response["Location"].startswith(setup_url):
                        failures.append(f"{entry.id} {scenario}: {response.status_code}")
                elif response.status_code != 403 or "second factor" not in response.json()["detail"]:
                    failures.append(f"{entry.id} {scenario}: {response.status_code}")
                transaction.set_rollback(True)
    assert not failures, failures


@pytest.mark.django_db
def test_a_session_cookie_copied_before_the_code_does_not_carry_the_confirmation(org):
    with freeze_time(START) as clock:
        set_up(sign_in("t_hana"))
        clock.tick(datetime.timedelta(seconds=30))
        client = sign_in("t_hana")
        copied = client.cookies["sessionid"].value
        client.post(reverse("mfa:verify"), {"code": code_for(device_of(org.hr).key)})
        assert client.get("/admin/").status_code == 200
        thief = Client()
        thief.cookies["sessionid"] = copied
        assert thief.get("/admin/").status_code == 302
