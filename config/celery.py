"""The Celery application: `celery -A config worker` and `celery -A config beat`."""
import os

from celery import Celery, signals

from common.logging import task_context_bind, task_context_release, task_publish_add_request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def use_django_logging(**kwargs) -> None:
    """Worker and beat log through settings.LOGGING, in the web's format, instead of Celery's own."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


# A task's log lines carry the id of the request (or task) that queued it, else the task's own id.
signals.before_task_publish.connect(task_publish_add_request_id, weak=False)
signals.task_prerun.connect(task_context_bind, weak=False)
signals.task_postrun.connect(task_context_release, weak=False)
