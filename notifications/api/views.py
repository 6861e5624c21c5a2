"""The caller's reminders, their email preferences and their calendar feed URL. Owner only, always."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications import services as notifications
from notifications.api.serializers import CalendarFeedSerializer, NotificationSerializer, PreferencesSerializer
from notifications.calendar import calendar_feed_url
from notifications.selectors import notifications_of
from people.api.mixins import ActorMixin


class NotificationListView(ActorMixin, generics.ListAPIView):
    serializer_class = NotificationSerializer
    filter_backends: list = []

    def get_queryset(self):
        unread = self.request.query_params.get("unread")
        value = None
        if unread:
            try:
                value = serializers.BooleanField().to_internal_value(unread)
            except serializers.ValidationError as error:
                raise serializers.ValidationError({"unread": error.detail}) from None
        return notifications_of(self.actor, unread=value)

    @extend_schema(
        summary="My reminders, newest first",
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL, description="Only the unread ones.")],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NotificationReadView(ActorMixin, APIView):
    @extend_schema(request=None, responses=NotificationSerializer, summary="Mark one of my reminders read")
    def post(self, request, id):
        notification = notifications.notification_mark_read(recipient=self.actor, notification_id=id)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(ActorMixin, APIView):
    @extend_schema(
        request=None,
        responses=inline_serializer("ReadAllResponse", {"marked": serializers.IntegerField()}),
        summary="Mark all my reminders read",
    )
    def post(self, request):
        return Response({"marked": notifications.notifications_mark_all_read(recipient=self.actor)})


class NotificationPreferencesView(ActorMixin, APIView):
    @extend_schema(responses=PreferencesSerializer, summary="Which reminders I get by email")
    def get(self, request):
        return Response({"preferences": notifications.notification_preferences(person=self.actor)})

    @extend_schema(
        request=PreferencesSerializer,
        responses=PreferencesSerializer,
        summary="Turn reminder emails on or off per kind (in-app reminders always stay)",
    )
    def put(self, request):
        serializer = PreferencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wanted = {item["kind"]: item["email_enabled"] for item in serializer.validated_data["preferences"]}
        return Response(
            {"preferences": notifications.notification_preferences_set(person=self.actor, email_enabled=wanted)}
        )


def _feed_data(feed) -> dict:
    return {"url": calendar_feed_url(feed), "rotated_at": feed.rotated_at}


class CalendarFeedView(ActorMixin, APIView):
    @extend_schema(responses=CalendarFeedSerializer, summary="My private calendar feed URL (iCalendar)")
    def get(self, request):
        return Response(_feed_data(notifications.calendar_feed_ensure(person=self.actor)))


class CalendarFeedRotateView(ActorMixin, APIView):
    @extend_schema(request=None, responses=CalendarFeedSerializer, summary="A new calendar feed URL; the old one stops working")
    def post(self, request):
        return Response(_feed_data(notifications.calendar_feed_rotate(person=self.actor)), status=status.HTTP_200_OK)
