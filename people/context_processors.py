from django.utils.functional import SimpleLazyObject

from people.access import request_actor, role_of


def catalyst(request):
    """The signed-in person and their role, for the layout on every page.

    Lazy: nothing is queried unless a template uses them (the admin's pages do not), and then
    once per request.
    """
    def actor():
        return request_actor(request) if hasattr(request, "user") else None

    def actor_role():
        person = actor()
        return role_of(person) if person is not None else None

    return {
        "actor": SimpleLazyObject(actor),
        "actor_role": SimpleLazyObject(actor_role),
    }
