"""Pages of the people app: the signed-in home that sends each role to its page."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from people.access import request_actor, role_of
from people.calendar import calendar_feed_get, calendar_feed_rotate, calendar_feed_url, calendar_for, person_for_token
from people.models import Notification, NotificationKind, Role
from people.notifications import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
)
from people.notifications import notification_preferences as get_notification_preferences

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


def _require_person(request: HttpRequest):
    person = request_actor(request)
    if person is None:
        raise PermissionDenied("This account has no Catalyst profile.")
    return person


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
