from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Reminders and notifications"

    def ready(self) -> None:
        from notifications.backends import with_unread_count
        from notifications.erasure import notifications_erase
        from people.backends import register_signed_in_annotation
        from people.erasure import register_erasure_step

        register_signed_in_annotation(with_unread_count, name="notifications.unread_count")
        register_erasure_step(notifications_erase, name="notifications")
