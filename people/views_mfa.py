"""Pages of the second factor (people.mfa): set up an authenticator, confirm a sign-in, recovery codes."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from people import mfa


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=32, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True,
                                      "spellcheck": "false", "autocapitalize": "off"}),
    )


def _eligible(request: HttpRequest):
    user = request.user
    if not mfa.second_factor_applies(user):
        raise PermissionDenied("This account does not use a second factor.")
    return user


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return "/"


#: Until the sign-in is confirmed, the set-up and code pages show no navigation: every link would lead back.
NO_NAVIGATION = {"nav_items": []}


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the key), confirm with a first code, then see the recovery codes once.
    With an authenticator already set up, only a confirmed session may replace it."""
    user = _eligible(request)
    next_url = _next_url(request)
    if mfa.has_authenticator(user) and not mfa.is_verified(user):
        return redirect(_with_next("mfa:verify", next_url))
    key = request.session.get(mfa.SETUP_KEY_SESSION_KEY)
    if not key:
        key = request.session[mfa.SETUP_KEY_SESSION_KEY] = mfa.setup_key_new()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = mfa.authenticator_confirm(user=user, key=key, code=form.cleaned_data["code"])
        except mfa.SecondFactorError as error:
            form.add_error("code", str(error))
        else:
            request.session.pop(mfa.SETUP_KEY_SESSION_KEY, None)
            mfa.session_verify(request, mfa.Verified(device=device, used_recovery_code=False))
            return render(request, "people/mfa_recovery_codes.html", {
                "codes": codes, "next": next_url, "just_set_up": True})
    return render(request, "people/mfa_setup.html", {
        **NO_NAVIGATION, "form": form, "next": next_url,
        "qr_code": mfa.qr_code_data_uri(mfa.setup_uri(user=user, key=key)),
        "secret": mfa.setup_key_base32(key),
        "replacing": mfa.has_authenticator(user),
    })


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Confirm this sign-in with a code from the authenticator app or a recovery code."""
    user = _eligible(request)
    next_url = _next_url(request)
    if not mfa.has_authenticator(user):
        return redirect(_with_next("mfa:setup", next_url))
    if mfa.is_verified(user):
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = mfa.second_factor_verify(user=user, code=form.cleaned_data["code"])
        except mfa.SecondFactorError as error:
            form.add_error("code", str(error))
        else:
            mfa.session_verify(request, verified)
            if verified.used_recovery_code:
                left = mfa.recovery_codes_left(user)
                messages.warning(request, f"You signed in with a recovery code; {left} left. "
                                          "Make new ones on the sign-in security page if you are running low.")
            return redirect(next_url)
    return render(request, "people/mfa_verify.html", {**NO_NAVIGATION, "form": form, "next": next_url})


@never_cache
@login_required
def security(request: HttpRequest) -> HttpResponse:
    """What protects this account's sign-in, with the ways to renew it."""
    user = _eligible(request)
    device = mfa.authenticator_for(user)
    return render(request, "people/mfa_security.html", {
        "device": device, "codes_left": mfa.recovery_codes_left(user) if device else 0,
        "enforced": mfa.second_factor_enforced(), "verified": mfa.is_verified(user),
    })


@never_cache
@require_POST
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once; the old ones stop working. Needs a confirmed session."""
    user = _eligible(request)
    if not mfa.has_authenticator(user):
        messages.error(request, "Set up an authenticator app first.")
        return redirect("mfa:security")
    if not mfa.is_verified(user):
        return redirect(_with_next("mfa:verify", reverse("mfa:security")))
    codes = mfa.recovery_codes_generate(user=user)
    return render(request, "people/mfa_recovery_codes.html", {"codes": codes, "next": reverse("mfa:security")})
