from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Insights and operations"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from insights.schedules import schedules_ensure

        post_migrate.connect(schedules_ensure, sender=self, dispatch_uid="insights-schedules")
