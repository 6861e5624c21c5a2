from django.utils.functional import SimpleLazyObject

from people.access import request_actor, role_of


def catalyst(request):
    """The signed-in person, their role and unread reminders, for the layout on every page.

    Lazy: nothing is queried unless a template uses them (the admin's pages do not), and then
    once per request.
    """
    def actor():
        return request_actor(request) if hasattr(request, "user") else None

    def actor_role():
        person = actor()
        return role_of(person) if person is not None else None

    def unread_notifications():
        person = actor()
        if person is None:
            return 0
        counted = getattr(person, "unread_count", None)  # loaded with the session's user (people.backends)
        return counted if counted is not None else person.notifications.filter(read_at__isnull=True).count()

    return {
        "actor": SimpleLazyObject(actor),
        "actor_role": SimpleLazyObject(actor_role),
        "unread_notifications": SimpleLazyObject(unread_notifications),
    }
