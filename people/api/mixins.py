"""What every Catalyst API view shares: the acting Person, resolved once per request, and GET
answers served from the per-reader response cache (people/response_cache.py)."""
from rest_framework.request import Request

from people.access import require_actor
from people.models import Person
from people.response_cache import cache_reads


class ActorMixin:
    request: Request

    @classmethod
    def as_view(cls, *args, **kwargs):
        # Every GET here only reads; a view whose GET must run each time would not use this mixin.
        return cache_reads(super().as_view(*args, **kwargs))

    @property
    def actor(self) -> Person:
        return require_actor(self.request)
