from people.access import request_actor, role_of


def catalyst(request):
    """The signed-in person, their role and unread reminders, for the layout on every page."""
    person = request_actor(request) if hasattr(request, "user") else None
    if person is None:
        return {"actor": None, "actor_role": None, "unread_notifications": 0}
    return {
        "actor": person,
        "actor_role": role_of(person),
        "unread_notifications": person.notifications.filter(read_at__isnull=True).count(),
    }
