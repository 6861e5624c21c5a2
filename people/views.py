"""The sign-in pages people reach from an email: accepting an invitation, and resetting a forgotten
password (Django's views with Catalyst's templates and a limit on how often reset emails go out)."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from rest_framework.throttling import BaseThrottle

from common.forms import add_service_errors
from people import services
from people.invitations import InvitationLinkRefused, invitation_check

#: The backend that signs the person in after they accept (the session backend, people.backends).
SIGN_IN_BACKEND = "people.backends.PersonModelBackend"


def _refused(request: HttpRequest, refusal: InvitationLinkRefused) -> HttpResponse:
    return render(request, "people/invitation_refused.html", {"refusal": refusal}, status=refusal.status)


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@csrf_protect
def invitation_accept(request: HttpRequest, person_id: int, token: str) -> HttpResponse:
    """The invitation's page: choose a password (Django's validators), then land signed in at home."""
    try:
        person = invitation_check(person_id=person_id, token=token)
    except InvitationLinkRefused as refusal:
        return _refused(request, refusal)
    form = SetPasswordForm(person.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.invitation_accept(
                person_id=person.pk, token=token, password=form.cleaned_data["new_password1"]
            )
        except InvitationLinkRefused as refusal:  # used in another tab a moment ago
            return _refused(request, refusal)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, person.user, backend=SIGN_IN_BACKEND)
            return redirect("insights:home")
    return render(request, "people/invitation_accept.html", {"form": form, "person": person})


RESET_WINDOW_SECONDS = 60 * 60
RESET_EMAILS_PER_ADDRESS = 3
RESET_REQUESTS_PER_CLIENT = 20


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, answering every address alike ("if it is known, an email is on its way").

    Django already sends nothing to an unknown address, an inactive account or one without a usable
    password (someone imported and not yet invited), and answers the same page either way. On top of
    that, at most RESET_EMAILS_PER_ADDRESS emails per address and RESET_REQUESTS_PER_CLIENT requests
    per client address go out per RESET_WINDOW_SECONDS: past that the page is the same and nothing
    is sent, so the form cannot be used to flood someone's mailbox. The counts live in the cache;
    without the cache (Redis down) the limit is not applied and Django's behaviour remains."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    @property
    def extra_email_context(self):
        # Links name the configured site, never the Host header of whoever asked.
        return {"site_url": settings.CATALYST["SITE_URL"].rstrip("/")}

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        client = BaseThrottle().get_ident(self.request)
        over_address = _count(f"password-reset:address:{email}") > RESET_EMAILS_PER_ADDRESS
        over_client = _count(f"password-reset:client:{client}") > RESET_REQUESTS_PER_CLIENT
        if over_address or over_client:
            return redirect(self.get_success_url())
        return super().form_valid(form)


def _count(key: str) -> int:
    """This window's count for `key`, this request included."""
    if cache.add(key, 1, RESET_WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, RESET_WINDOW_SECONDS)
        return 1
