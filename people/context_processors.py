from django.utils.functional import SimpleLazyObject

from people.access import request_actor


def catalyst(request):
    """The signed-in person, for the layout on every page.

    Lazy: nothing is queried unless a template uses it (the admin's pages do not), and then
    once per request.
    """
    return {"actor": SimpleLazyObject(lambda: request_actor(request) if hasattr(request, "user") else None)}
