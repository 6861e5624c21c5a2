"""Pages of the people app: the signed-in home that sends each role to its page."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from people import alumni
from people.access import request_actor, role_of
from people.alumni_forms import AlumniDirectorySearchForm, AlumniProfileForm
from people.calendar import calendar_feed_get, calendar_feed_rotate, calendar_feed_url, calendar_for, person_for_token
from people.models import AlumniProfile, Notification, NotificationKind, Role
from people.notifications import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
)
from people.notifications import notification_preferences as get_notification_preferences
from people.response_cache import cache_reads

ALUMNI_PAGE_SIZE = 25

HOME_BY_ROLE = {
    Role.REP: "devplans:my-plan",
    Role.MANAGER: "coaching:team",
    Role.HR: "admin:index",
    Role.ALUMNI: "people:alumni-directory",
}


@cache_reads
@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = request_actor(request)
    if person is None:
        if request.user.is_staff:
            return redirect("admin:index")
        return render(request, "people/no_profile.html", status=403)
    return redirect(HOME_BY_ROLE[role_of(person)])


@cache_reads
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


@cache_reads
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


def _require_person(request: HttpRequest):
    person = request_actor(request)
    if person is None:
        raise PermissionDenied("This account has no Catalyst profile.")
    return person


@cache_reads
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's reminders, newest first, with mark-read buttons."""
    person = _require_person(request)
    queryset = Notification.objects.filter(recipient=person).order_by("-created_at", "-id")
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        queryset = queryset.filter(read_at__isnull=True)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(request, "people/notifications.html", {"page": page, "notifications": page.object_list, "only_unread": only_unread})


def _back_to_list(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("people:notifications")


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification_mark_read(recipient=_require_person(request), notification_id=notification_id)
    return _back_to_list(request)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    marked = notifications_mark_all_read(recipient=_require_person(request))
    messages.success(request, f"Marked {marked} reminder{'s' if marked != 1 else ''} read.")
    return _back_to_list(request)


@cache_reads
@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Which reminders come by email, and the private calendar feed URL."""
    person = _require_person(request)
    if request.method == "POST":
        if request.POST.get("action") == "rotate-calendar":
            calendar_feed_rotate(person=person)
            messages.success(request, "Your calendar feed has a new address; the old one no longer works.")
        else:
            enabled = set(request.POST.getlist("email"))
            notification_preferences_set(
                person=person, email_enabled={kind.value: kind.value in enabled for kind in NotificationKind}
            )
            messages.success(request, "Your email preferences are saved. In-app reminders always stay on.")
        return redirect("people:notification-preferences")
    feed = calendar_feed_get(person=person)
    return render(
        request,
        "people/notifications_preferences.html",
        {"preferences": get_notification_preferences(person=person), "calendar_url": calendar_feed_url(feed)},
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private iCalendar feed: no sign-in (calendar apps cannot), the secret token is the key."""
    person = person_for_token(token)
    if person is None:
        raise Http404("No such calendar.")
    response = HttpResponse(calendar_for(person), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="catalyst.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["Referrer-Policy"] = "no-referrer"
    return response
