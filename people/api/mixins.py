"""What every Catalyst API view shares: the acting Person, resolved once per request, and GET
answers served from the per-reader response cache (people/response_cache.py)."""
from rest_framework.request import Request

from people.access import require_actor
from people.models import Person
from people.response_cache import cache_reads


class ActorMixin:
    request: Request
    # False for a view whose GET must run every time (none yet: every GET here only reads).
    cache_get_answers = True

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        return cache_reads(view) if cls.cache_get_answers else view

    @property
    def actor(self) -> Person:
        return require_actor(self.request)
