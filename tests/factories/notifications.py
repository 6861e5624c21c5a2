import factory

from notifications.models import CalendarFeed, Notification, NotificationPreference
from tests.factories.people import PersonFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unread in-app reminder; the kind is one the devplans app registers."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(PersonFactory)
    kind = "milestone_overdue"
    subject_key = factory.Sequence(lambda n: f"milestone:{n}")
    period = "2026-W48"
    title = factory.Sequence(lambda n: f"Reminder {n}")


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference
        django_get_or_create = ["person", "kind"]

    person = factory.SubFactory(PersonFactory)
    kind = "milestone_overdue"
    email_enabled = False


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    person = factory.SubFactory(PersonFactory)
