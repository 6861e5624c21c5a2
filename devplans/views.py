"""Pages of the devplans app."""
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def my_plan(request: HttpRequest) -> HttpResponse:
    """The rep's plan as a timeline (issue 3 fills this in)."""
    return render(request, "devplans/my_plan.html", {"plan": None})
