"""Pages of the people app: the signed-in home that sends each role to its page."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from people import alumni
from people.access import request_actor, role_of
from people.alumni_forms import AlumniDirectorySearchForm, AlumniProfileForm
from people.models import AlumniProfile, Role

ALUMNI_PAGE_SIZE = 25

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
    """The opt-in alumni directory: anyone signed in may search it."""
    form = AlumniDirectorySearchForm(request.GET or None)
    search, open_to = "", None
    if form.is_valid():
        search, open_to = form.cleaned_data["search"], form.cleaned_data["open_to"] or None
    profiles = alumni.alumni_directory(search=search, open_to=open_to)
    page = Paginator(profiles, ALUMNI_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [{"profile": profile, "open_to": alumni.open_to_list(profile)} for profile in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    person = request_actor(request)
    return render(request, "people/alumni_directory.html", {
        "form": form, "page": page, "entries": entries, "query": query.urlencode(),
        "is_alumnus": person is not None and person.is_alumni and not person.is_anonymised,
        "searching": bool(search or open_to),
    })


@login_required
def alumni_profile(request: HttpRequest) -> HttpResponse:
    """The signed-in alumnus edits what the network sees, and whether it sees them at all."""
    person = request_actor(request)
    try:
        profile = alumni.access_own_alumni_profile(person)
    except Http404:
        return render(request, "people/alumni_no_profile.html", status=404)
    form = AlumniProfileForm(request.POST or None, instance=AlumniProfile.objects.get(pk=profile.pk))
    if request.method == "POST" and form.is_valid():
        try:
            alumni.alumni_profile_update(
                actor=person, person=person, **{name: form.cleaned_data[name] for name in form.changed_data}
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(None if field == "__all__" else field, messages_)
        else:
            if "directory_opt_in" in form.changed_data:
                messages.success(request, "You are now listed in the alumni directory." if form.cleaned_data["directory_opt_in"]
                                 else "You are no longer listed in the alumni directory.")
            elif form.changed_data:
                messages.success(request, "Your alumni profile is saved.")
            else:
                messages.info(request, "Nothing changed.")
            return redirect("people:alumni-profile")
    return render(request, "people/alumni_profile.html", {"form": form, "profile": profile})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's reminders, newest first (issue 6 fills this in)."""
    person = request_actor(request)
    items = person.notifications.all()[:100] if person else []
    return render(request, "people/notifications.html", {"notifications": items})
