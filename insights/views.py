"""The signed-in home: each role is sent to the page it works from."""
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from people.access import request_actor, role_of
from people.models import Role

HOME_BY_ROLE = {
    Role.REP: "devplans:my-plan",
    Role.MANAGER: "coaching:team",
    Role.HR: "admin:index",
    Role.ALUMNI: "alumni:directory",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = request_actor(request)
    if person is None:
        if request.user.is_staff:
            return redirect("admin:index")
        return render(request, "insights/no_profile.html", status=403)
    return redirect(HOME_BY_ROLE[role_of(person)])
