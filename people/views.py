"""Pages of the people app: the signed-in home that sends each role to its page."""
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from people.access import request_actor, role_of
from people.models import Role

HOME_BY_ROLE = {
    Role.REP: "devplans:my-plan",
    Role.MANAGER: "coaching:team",
    Role.HR: "admin:index",
    Role.ALUMNI: "people:alumni-directory",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = request_actor(request)
    if person is None:
        if request.user.is_staff:
            return redirect("admin:index")
        return render(request, "people/no_profile.html", status=403)
    return redirect(HOME_BY_ROLE[role_of(person)])


@login_required
def alumni_directory(request: HttpRequest) -> HttpResponse:
    """The opt-in alumni directory (issue 5 fills this in)."""
    return render(request, "people/alumni_directory.html", {"alumni": []})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's reminders, newest first (issue 6 fills this in)."""
    person = request_actor(request)
    items = person.notifications.all()[:100] if person else []
    return render(request, "people/notifications.html", {"notifications": items})
