from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Reminders and notifications"

    def ready(self) -> None:
        from notifications.backends import with_unread_count
        from people.backends import register_signed_in_annotation

        register_signed_in_annotation(with_unread_count, name="notifications.unread_count")
