"""Pages of the coaching app, including the manager's /team/ page."""
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """The manager's page: approvals, cadence, top-20% flags (issues 3 and 4 fill this in)."""
    return render(request, "coaching/team.html", {})
