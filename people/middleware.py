"""Nothing opens for an HR account until its sign-in is confirmed with a second factor (people.mfa).

Runs after django-otp's OTPMiddleware, on every signed-in request and whichever way the person signed
in (password, single sign-on, an invitation link): pages redirect to setting up an authenticator or to
the code prompt, keeping where the person was going; API calls made with the session answer 403.
API tokens are handled where they are issued (people.api.serializers.TokenRequestSerializer).
"""
from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from people import mfa

#: Routes an unconfirmed session may still open: the second-factor pages themselves, signing out,
#: the sign-in page and the health check.
OPEN_ROUTES = {"login", "logout", "healthz", "admin:logout"}
OPEN_NAMESPACES = {"mfa"}
#: Single sign-on's own redirects (another app's routes) sign a person in, so they stay open.
OPEN_PATH_PREFIXES = ("/accounts/oidc/",)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not mfa.second_factor_enforced():
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or mfa.is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and (match.view_name in OPEN_ROUTES or match.namespace in OPEN_NAMESPACES):
            return None
        if request.path.startswith(OPEN_PATH_PREFIXES):
            return None
        if not mfa.second_factor_applies(user):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Confirm your sign-in with your second factor first (in the browser)."},
                                status=403)
        target = "mfa:verify" if mfa.has_authenticator(user) else "mfa:setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
