"""The unread count of the layout's bell, loaded with the signed-in person (people.backends)."""
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from notifications.models import Notification


def with_unread_count(people):
    """Annotate `unread_count`: the person's unread notifications."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return people.annotate(unread_count=Coalesce(Subquery(unread), 0))
