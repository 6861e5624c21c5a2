"""The session sign-in backend: the signed-in user and their Person in one query per request.

Apps above `people` may add facts the page layout needs to that same query (the notifications app
adds the unread count) with `register_signed_in_annotation` from their AppConfig.ready().
"""
from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

from people.access import actors

_annotations: dict[str, Callable[[QuerySet], QuerySet]] = {}


def register_signed_in_annotation(annotate: Callable[[QuerySet], QuerySet], *, name: str) -> None:
    """`annotate(people)` returns the queryset with more annotations; each page's user query runs it."""
    _annotations[name] = annotate


def signed_in_people() -> QuerySet:
    people = actors()
    for annotate in _annotations.values():
        people = annotate(people)
    return people


class PersonModelBackend(ModelBackend):
    """Django's ModelBackend, except that loading the session's user also loads their Person with
    the role facts (`people.access.actors`) and the registered annotations, in the same query.

    A page then spends one query on who is signed in instead of three (user, person, unread
    count): `people.access.request_actor` and the layout's context processors use what this
    brought. An account with no Person (a bare superuser) is loaded as ModelBackend does.
    """

    def get_user(self, user_id):
        person = signed_in_people().filter(user_id=user_id).first()
        if person is None:
            return super().get_user(user_id)
        user = person.user
        if not self.user_can_authenticate(user):
            return None
        user._catalyst_person = person
        return user
