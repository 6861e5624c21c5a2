"""The shapes of the notifications API: the caller's reminders, their email preferences and their feed."""
from rest_framework import serializers

from common.api import strict
from notifications.kinds import kind_choices
from notifications.models import Notification


class NotificationSerializer(strict.ModelSerializer):
    read = serializers.SerializerMethodField()
    kind_label = strict.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "title", "body", "url", "period", "created_at", "read", "read_at"]
        read_only_fields = fields

    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[])
    label = strict.CharField(read_only=True)
    email_enabled = serializers.BooleanField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()  # registered by the apps at start-up


class PreferencesSerializer(serializers.Serializer):
    preferences = PreferenceSerializer(many=True)


class CalendarFeedSerializer(serializers.Serializer):
    url = strict.CharField(read_only=True)
    rotated_at = serializers.DateTimeField(read_only=True, allow_null=True)
