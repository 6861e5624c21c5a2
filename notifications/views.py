"""Pages of the notifications app: the signed-in person's reminders, their email preferences and the
private calendar feed."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from notifications import kinds
from notifications.calendar import calendar_feed_get, calendar_feed_rotate, calendar_feed_url, calendar_for, person_for_token
from notifications.models import Notification
from notifications.services import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
)
from notifications.services import notification_preferences as get_notification_preferences
from people.access import request_actor

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
    return render(request, "notifications/notifications.html", {"page": page, "notifications": page.object_list, "only_unread": only_unread})


def _back_to_list(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


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
                person=person, email_enabled={kind.value: kind.value in enabled for kind in kinds.all_kinds()}
            )
            messages.success(request, "Your email preferences are saved. In-app reminders always stay on.")
        return redirect("notifications:preferences")
    feed = calendar_feed_get(person=person)
    return render(
        request,
        "notifications/preferences.html",
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
