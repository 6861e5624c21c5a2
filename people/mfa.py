"""The second factor of HR accounts: who needs one, setting it up, checking a code, recovery codes, reset.

HR sees everyone's data, so with `CATALYST_HR_REQUIRE_MFA` on, a member of the HR group, a staff
member (who can open the admin) or a superuser must confirm every sign-in with a code from an
authenticator app (TOTP, RFC 6238) or one of their single-use recovery codes. The devices are
django-otp's: its TOTP device refuses a code already used (`last_t`) and slows down wrong codes
(each failure doubles the wait), its static device holds the recovery codes and deletes each on use.
The session remembers the verified device (`django_otp.login`); `people.middleware` enforces it.
"""
from __future__ import annotations

import logging
import re
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.models import VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from people.models import HR_GROUP_NAME

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
#: The session key holding the secret offered on the set-up page until a first code confirms it.
SETUP_KEY_SESSION_KEY = "catalyst_mfa_setup_key"

_TOTP_CODE = re.compile(r"^\d{6}$")


class SecondFactorError(Exception):
    """A code was refused; the message is meant for the person who typed it."""


def second_factor_enforced() -> bool:
    return bool(getattr(settings, "CATALYST_HR_REQUIRE_MFA", False))


def second_factor_applies(user) -> bool:
    """Does this account use a second factor at all (HR, staff or superuser), whatever the setting?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    person = getattr(user, "_catalyst_person", None)  # loaded with the user by people.backends
    flag = getattr(person, "in_hr_group", None) if person is not None else None
    if flag is None:
        flag = user.groups.filter(name=HR_GROUP_NAME).exists()
    return bool(flag)


def second_factor_required(user) -> bool:
    """Must this account confirm its sign-in with a second factor before anything else opens?"""
    return second_factor_enforced() and second_factor_applies(user)


def is_verified(user) -> bool:
    """Has this session confirmed its sign-in with a code (set by django-otp's middleware)?"""
    return getattr(user, "otp_device", None) is not None


def authenticator_for(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# Setting up -----------------------------------------------------------------------------------------

def setup_key_new() -> str:
    """A fresh secret (hex, as django-otp stores it), offered until a first code confirms it."""
    return random_hex(20)


def setup_key_base32(key: str) -> str:
    """The secret as people type it into an authenticator app, in groups of four."""
    text = b32encode(bytes.fromhex(key)).decode("ascii").rstrip("=")
    return " ".join(text[index:index + 4] for index in range(0, len(text), 4))


def setup_uri(*, user, key: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key, name=AUTHENTICATOR_NAME).config_url


def qr_code_data_uri(text: str) -> str:
    """A QR code of `text` as a data: SVG image (the page's Content-Security-Policy allows data: images)."""
    return segno.make(text, error="m").svg_data_uri(scale=5, border=2, dark="#1b1f3a")


@transaction.atomic
def authenticator_confirm(*, user, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the offered secret with a first code from the app: the new authenticator replaces any
    earlier one, fresh recovery codes replace the old ones. Returns the device and the codes (shown once)."""
    device = TOTPDevice(user=user, key=key, name=AUTHENTICATOR_NAME, confirmed=False)
    if not _TOTP_CODE.match(code.strip()) or not _totp_matches(device, code.strip()):
        raise SecondFactorError("That code is not right. Type the six digits your app shows now for Catalyst.")
    TOTPDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.set_last_used_timestamp(commit=False)
    device.save()
    codes = _recovery_codes_replace(user)
    logger.info("second factor set up for user %s", user.pk)
    return device, codes


def _totp_matches(device: TOTPDevice, code: str) -> bool:
    """Check a first code against an unsaved device, recording its time step so it cannot be used again."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    if not totp.verify(int(code), device.tolerance):
        return False
    device.last_t = totp.t()
    return True


@transaction.atomic
def recovery_codes_generate(*, user) -> list[str]:
    """New single-use recovery codes; the old ones stop working. Returns them (shown once)."""
    codes = _recovery_codes_replace(user)
    logger.info("recovery codes regenerated for user %s", user.pk)
    return codes


def _recovery_codes_replace(user) -> list[str]:
    device, _ = StaticDevice.objects.select_for_update().get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# Signing in ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Verified:
    device: TOTPDevice | StaticDevice
    used_recovery_code: bool


def second_factor_verify(*, user, code: str) -> Verified:
    """Check a six-digit code from the app, or a recovery code. Refuses a code already used, and after
    wrong codes makes the person wait (django-otp's throttling doubles the wait with each failure)."""
    code = "".join(code.split()).lower()
    if _TOTP_CODE.match(code):
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
        used_recovery_code = False
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
        used_recovery_code = True
    if not code or len(code) > 16:
        raise SecondFactorError("Type the six digits from your app, or one of your recovery codes.")
    with transaction.atomic():
        for device in devices.select_for_update():
            allowed, details = device.verify_is_allowed()
            if not allowed:
                raise SecondFactorError(_wait_message(details))
            if device.verify_token(code):
                if used_recovery_code:
                    logger.info("recovery code used by user %s", user.pk)
                return Verified(device=device, used_recovery_code=used_recovery_code)
    logger.warning("wrong second-factor code for user %s", user.pk)
    if used_recovery_code:
        raise SecondFactorError("That recovery code is not right, or it was used already. Each code works once.")
    raise SecondFactorError("That code is not right, or it was used already. Wait for the next code in your app "
                            "and check that your phone's clock is set automatically.")


def _wait_message(details: dict | None) -> str:
    details = details or {}
    if details.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS and details.get("locked_until"):
        seconds = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
        return f"Too many wrong codes. Wait {seconds} second{'' if seconds == 1 else 's'}, then try again."
    return "Too many wrong codes. Wait a moment, then try again."


def session_verify(request, verified: Verified) -> None:
    """Mark this session as confirmed by the device (django-otp keeps its id in the session), under a
    new session key: a cookie copied before the code was typed does not carry the confirmation."""
    request.session.cycle_key()
    otp_login(request, verified.device)


# A superuser's reset ---------------------------------------------------------------------------------

@transaction.atomic
def second_factor_reset(*, actor, user) -> int:
    """Remove `user`'s authenticator and recovery codes (a lost phone): at their next sign-in they set
    up a new one. Sessions already confirmed by the removed device stop counting as verified."""
    if actor is None or not actor.is_superuser:
        raise PermissionDenied("Only a superuser can reset a second factor.")
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    logger.warning("second factor of user %s reset by user %s", user.pk, actor.pk)
    return removed + static



def second_factor_verify_for_token(*, user, code: str) -> Verified:
    """An API token for an account that needs a second factor: the request carries a current code
    (`otp`), checked like a sign-in's (used codes refused, wrong codes slowed down)."""
    if not has_authenticator(user):
        raise SecondFactorError("Set up your second factor in the browser (sign in at /accounts/login/) first.")
    if not code:
        raise SecondFactorError("This account needs a second factor: send a code from your authenticator app as `otp`.")
    return second_factor_verify(user=user, code=code)
