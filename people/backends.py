"""The session sign-in backend: the signed-in user and their Person in one query per request."""
from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from people.access import actors
from people.models import Notification


def with_unread_count(people):
    """Annotate `unread_count`: the person's unread notifications (the layout's bell)."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return people.annotate(unread_count=Coalesce(Subquery(unread), 0))


class PersonModelBackend(ModelBackend):
    """Django's ModelBackend, except that loading the session's user also loads their Person with
    the role facts (`people.access.actors`) and the unread count, in the same query.

    A page then spends one query on who is signed in instead of three (user, person, unread
    count): `people.access.request_actor` and the layout's context processor use what this
    brought. An account with no Person (a bare superuser) is loaded as ModelBackend does.
    """

    def get_user(self, user_id):
        person = with_unread_count(actors()).filter(user_id=user_id).first()
        if person is None:
            return super().get_user(user_id)
        user = person.user
        if not self.user_can_authenticate(user):
            return None
        user._catalyst_person = person
        return user
