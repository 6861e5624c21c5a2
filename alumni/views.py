"""Pages of the alumni app: the opt-in directory and the profile each alumnus controls."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from alumni import selectors, services
from alumni.forms import AlumniDirectorySearchForm, AlumniProfileForm
from alumni.models import AlumniProfile
from common.forms import add_service_errors
from people.access import request_actor

ALUMNI_PAGE_SIZE = 25

@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """The opt-in alumni directory: anyone signed in may search it."""
    form = AlumniDirectorySearchForm(request.GET or None)
    search, open_to = "", None
    if form.is_valid():
        search, open_to = form.cleaned_data["search"], form.cleaned_data["open_to"] or None
    profiles = selectors.alumni_directory(search=search, open_to=open_to)
    page = Paginator(profiles, ALUMNI_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [{"profile": profile, "open_to": selectors.open_to_list(profile)} for profile in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    person = request_actor(request)
    return render(request, "alumni/directory.html", {
        "form": form, "page": page, "entries": entries, "query": query.urlencode(),
        "is_alumnus": person is not None and person.is_alumni and not person.is_anonymised,
        "searching": bool(search or open_to),
    })


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in alumnus edits what the network sees, and whether it sees them at all."""
    person = request_actor(request)
    try:
        profile = selectors.access_own_alumni_profile(person)
    except Http404:
        return render(request, "alumni/no_profile.html", status=404)
    form = AlumniProfileForm(request.POST or None, instance=AlumniProfile.objects.get(pk=profile.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.alumni_profile_update(
                actor=person, person=person, **{name: form.cleaned_data[name] for name in form.changed_data}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if "directory_opt_in" in form.changed_data:
                messages.success(request, "You are now listed in the alumni directory." if form.cleaned_data["directory_opt_in"]
                                 else "You are no longer listed in the alumni directory.")
            elif form.changed_data:
                messages.success(request, "Your alumni profile is saved.")
            else:
                messages.info(request, "Nothing changed.")
            return redirect("alumni:profile")
    return render(request, "alumni/profile.html", {"form": form, "profile": profile})
