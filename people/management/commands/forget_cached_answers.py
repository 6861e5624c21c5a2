"""`manage.py forget_cached_answers`: after changing the database outside Django (psql by hand, a
restore), make every reader's next request compute its answer afresh (people/response_cache.py)."""
from django.core.management.base import BaseCommand

from people import response_cache


class Command(BaseCommand):
    help = (
        "Forget every cached answer. Writes made through Django already do this on commit; run it after "
        "changing the database any other way (psql, a restore)."
    )

    def handle(self, *args, **options):
        response_cache.forget_all()
        self.stdout.write("Forgot every cached answer: each reader's next request is computed afresh.")
