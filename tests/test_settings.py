"""Production settings: they refuse to start without their services, and serve no bench view.

Each case runs Django in a fresh process with production settings and exactly the environment it
names, so nothing of the test settings (or of CI's DATABASE_URL and REDIS_URL) leaks in.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVICES = {
    "DATABASE_URL": "postgres://catalyst:secret@127.0.0.1:5432/catalyst",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
# Resolves a path under production settings and prints the view's name (or 404); no database is touched.
RESOLVE = """
import sys
import django
django.setup()
from django.urls import Resolver404, resolve
try:
    print(resolve(sys.argv[1]).url_name)
except Resolver404:
    print("404")
"""


def run_production(environment: dict[str, str], path: str = "/bench/bare/") -> subprocess.CompletedProcess:
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in SERVICES and not name.startswith(("DJANGO_", "CATALYST_"))
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "production-settings-test-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "catalyst.example",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", RESOLVE, path], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", sorted(SERVICES))
def test_production_refuses_to_start_without_its_database_or_redis(missing):
    environment = {name: url for name, url in SERVICES.items() if name != missing}

    completed = run_production(environment)

    assert completed.returncode != 0
    assert "ImproperlyConfigured" in completed.stderr
    assert f"{missing} is not set" in completed.stderr


@pytest.mark.parametrize("missing", sorted(SERVICES))
def test_an_empty_variable_counts_as_missing(missing):
    completed = run_production({**SERVICES, missing: ""})

    assert completed.returncode != 0
    assert f"{missing} is not set" in completed.stderr


def test_production_starts_with_both_and_does_not_route_the_bench_view():
    completed = run_production(SERVICES)

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "404"


def test_the_benchmark_turns_the_bench_view_on_explicitly():
    completed = run_production({**SERVICES, "CATALYST_BENCH_VIEW": "1"})

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "bench-bare"
