"""What every Catalyst API view shares: the acting Person, resolved once per request."""
from rest_framework.request import Request

from people.access import require_actor
from people.models import Person


class ActorMixin:
    request: Request

    @property
    def actor(self) -> Person:
        return require_actor(self.request)
