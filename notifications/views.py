"""Pages of the notifications app: the signed-in person's reminders, their email preferences and the
private calendar feed."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from rest_framework import serializers

from notifications.calendar import calendar_feed_url, calendar_for, person_for_token
from notifications.forms import NotificationPreferencesForm
from notifications.selectors import notifications_of
from notifications.services import (
    calendar_feed_ensure,
    calendar_feed_rotate,
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
)
from notifications.services import notification_preferences as get_notification_preferences
from people.access import require_actor


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's reminders, newest first, with mark-read buttons."""
    person = require_actor(request)
    unread = _unread_filter(request.GET.get("unread"))
    page = Paginator(notifications_of(person, unread=unread), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/notifications.html", {
        "page": page, "notifications": page.object_list, "only_unread": unread is True,
        "unread_param": {True: "1", False: "0", None: ""}[unread],
    })


def _unread_filter(value: str | None) -> bool | None:
    """`?unread=` read as the API reads it (true/false/1/0 and the like): True only unread, False only
    read, None all. A value it cannot read shows all: a page does not answer 400 for a filter."""
    if not value:
        return None
    try:
        return serializers.BooleanField().to_internal_value(value)
    except serializers.ValidationError:
        return None


def _back_to_list(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification_mark_read(recipient=require_actor(request), notification_id=notification_id)
    return _back_to_list(request)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    marked = notifications_mark_all_read(recipient=require_actor(request))
    messages.success(request, f"Marked {marked} reminder{'s' if marked != 1 else ''} read.")
    return _back_to_list(request)


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Which reminders come by email, and the private calendar feed URL."""
    person = require_actor(request)
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST)
        if form.is_valid():
            notification_preferences_set(person=person, email_enabled=form.email_enabled())
            messages.success(request, "Your email preferences are saved. In-app reminders always stay on.")
        else:
            messages.error(request, " ".join(form.errors["email"]))
        return redirect("notifications:preferences")
    feed = calendar_feed_ensure(person=person)
    return render(
        request,
        "notifications/preferences.html",
        {"preferences": get_notification_preferences(person=person), "calendar_url": calendar_feed_url(feed)},
    )


@login_required
@require_POST
def calendar_feed_rotate_view(request: HttpRequest) -> HttpResponse:
    """A new private calendar address; the old one stops working."""
    calendar_feed_rotate(person=require_actor(request))
    messages.success(request, "Your calendar feed has a new address; the old one no longer works.")
    return redirect("notifications:preferences")


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
