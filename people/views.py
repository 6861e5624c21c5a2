"""The sign-in pages people reach from an email: accepting an invitation."""
from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

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
