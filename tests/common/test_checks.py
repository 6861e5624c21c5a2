"""The migration history restarted once: a database made before that gets a plain instruction, not a traceback."""
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from common.checks import check_migration_history

ROOT = Path(__file__).resolve().parents[2]


def _old_database(path: Path) -> None:
    """A database as the history before the restart left it: people's later migrations recorded."""
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE django_migrations (id integer PRIMARY KEY AUTOINCREMENT, app varchar(255), "
            "name varchar(255), applied datetime)"
        )
        connection.executemany(
            "INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, '2026-11-01')",
            [("people", "0001_initial"), ("people", "0005_person_people_pers_full_na_d647f0_idx"),
             ("devplans", "0001_initial"), ("coaching", "0002_historicalquotarelief_quotarelief_and_more")],
        )


def _migrate(database: Path) -> subprocess.CompletedProcess:
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": f"sqlite:///{database}", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )


def test_migrate_on_a_database_from_before_the_restart_says_what_to_do(tmp_path):
    database = tmp_path / "db.sqlite3"
    _old_database(database)
    result = _migrate(database)
    assert result.returncode != 0
    assert "catalyst.E001" in result.stderr and "make reset-db" in result.stderr
    assert "Traceback" not in result.stderr
    with sqlite3.connect(database) as connection:  # nothing was migrated on top of the old history
        assert connection.execute("SELECT count(*) FROM django_migrations").fetchone()[0] == 4


def test_migrate_on_an_empty_database_applies_every_app(tmp_path):
    database = tmp_path / "db.sqlite3"
    result = _migrate(database)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        apps = {row[0] for row in connection.execute("SELECT DISTINCT app FROM django_migrations")}
    assert {"people", "notifications", "alumni", "devplans", "coaching"} <= apps


@pytest.mark.django_db
def test_the_check_is_quiet_on_a_database_of_the_current_history():
    assert check_migration_history(databases=["default"]) == []
    call_command("check", "--database", "default")
