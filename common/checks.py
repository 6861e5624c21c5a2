"""System checks that guard the database Catalyst runs on.

The migration history restarted once, before the first release (README, "Upgrading"): a database
made before that records migrations that no longer exist. `migrate` runs the database checks
first, so such a database gets a plain message saying what to do instead of a traceback.
"""
from __future__ import annotations

from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connections

#: Migrations of the history before the restart: a database that recorded any of them predates it.
RETIRED_MIGRATIONS = {
    ("people", "0002_notification_email_claim_calendar_feed"),
    ("people", "0003_reminder_schedules"),
    ("people", "0004_data_export_record"),
    ("people", "0005_person_people_pers_full_na_d647f0_idx"),
    ("coaching", "0002_historicalquotarelief_quotarelief_and_more"),
}


@register(Tags.database)
def check_migration_history(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        try:
            if "django_migrations" not in connection.introspection.table_names():
                continue
            with connection.cursor() as cursor:
                cursor.execute("SELECT app, name FROM django_migrations WHERE app IN ('people', 'coaching')")
                recorded = {tuple(row) for row in cursor.fetchall()}
        except DatabaseError:
            continue  # an unreachable database is reported by whatever needs it
        if recorded & RETIRED_MIGRATIONS:
            errors.append(
                Error(
                    "This database was created by an earlier Catalyst whose migration history has since "
                    "restarted, so it cannot be upgraded in place.",
                    hint=(
                        "For the demo database: run `make reset-db` (it deletes db.sqlite3) and then `make run`; "
                        "the demo organisation is loaded again. Anything else: see README, 'Upgrading'."
                    ),
                    id="catalyst.E001",
                )
            )
    return errors
