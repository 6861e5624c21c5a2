"""Pages of the alumni app: the opt-in directory and the profile each alumnus controls."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from alumni import permissions, selectors, services
from alumni.forms import AlumniDirectorySearchForm, AlumniProfileForm
from common.forms import add_service_errors, error_text
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
        "can_edit_profile": selectors.has_alumni_profile(person) and permissions.can_edit_alumni_profile(person, person),
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
    form = AlumniProfileForm(request.POST or None, profile=profile)
    if not permissions.can_give_directory_consent(person, profile) and not profile.directory_opt_in:
        form.fields["directory_opt_in"].disabled = True
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            services.alumni_profile_update(actor=person, person=person, **changes)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, error_text(error))
        else:
            if "directory_opt_in" in changes:
                messages.success(request, "You are now listed in the alumni directory." if changes["directory_opt_in"]
                                 else "You are no longer listed in the alumni directory.")
            elif changes:
                messages.success(request, "Your alumni profile is saved.")
            else:
                messages.info(request, "Nothing changed.")
            return redirect("alumni:profile")
    return render(request, "alumni/profile.html", {"form": form, "profile": profile})
