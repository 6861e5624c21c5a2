from django.utils.functional import SimpleLazyObject

from notifications.models import Notification
from people.access import request_actor


def unread(request):
    """The signed-in person's unread reminders, for the layout's bell. Lazy: nothing is queried unless a
    template uses it, and the session backend usually brought the count with the user already."""

    def unread_notifications():
        person = request_actor(request) if hasattr(request, "user") else None
        if person is None:
            return 0
        counted = getattr(person, "unread_count", None)  # loaded with the session's user (people.backends)
        if counted is not None:
            return counted
        return Notification.objects.filter(recipient=person, read_at__isnull=True).count()

    return {"unread_notifications": SimpleLazyObject(unread_notifications)}
