"""The response cache across processes: a write from another process (a Celery worker, a management
command) reaches a reader whose answer this process cached, through the shared Redis.

Needs CATALYST_INTEGRATION=1, DATABASE_URL at PostgreSQL and REDIS_URL at a Redis. The other process
is a Python subprocess pointed at pytest-django's test database and the same Redis.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from devplans.models import MilestoneStatus
from tests.factories.devplans import DevelopmentPlanFactory, MilestoneFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.environ.get("CATALYST_INTEGRATION") != "1", reason="set CATALYST_INTEGRATION=1"),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shared_cache(settings, tmp_path):
    """This process and the subprocess share one Redis cache, under a prefix of this test's own."""
    prefix = f"rc-{uuid.uuid4().hex[:8]}"
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["REDIS_URL"], "KEY_PREFIX": prefix}}
    settings.CACHES = caches
    settings.CATALYST_RESPONSE_CACHE_SECONDS = 60
    (tmp_path / "shared_cache_settings.py").write_text(textwrap.dedent(f"""
        from config.settings.test import *  # noqa: F403
        CACHES = {caches!r}
        CATALYST_RESPONSE_CACHE_SECONDS = 60
    """))
    return tmp_path


def run_elsewhere(settings_dir: Path, code: str) -> None:
    """Run `code` with Django set up in a separate Python process, against the test database."""
    url = urlsplit(os.environ["DATABASE_URL"])
    env = dict(os.environ)
    env.update(
        DATABASE_URL=urlunsplit(url._replace(path=f"/{settings.DATABASES['default']['NAME']}")),
        DJANGO_SETTINGS_MODULE="shared_cache_settings",
        PYTHONPATH=os.pathsep.join([str(settings_dir), str(ROOT)]),
    )
    script = "import django\ndjango.setup()\n" + textwrap.dedent(code)
    completed = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=120)
    assert completed.returncode == 0, completed.stderr


def test_a_write_in_another_process_reaches_a_cached_reader(shared_cache, org, django_assert_max_num_queries):
    plan = DevelopmentPlanFactory(person=org.rep)
    milestone = MilestoneFactory(plan=plan, title="Before the worker ran")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=org.rep.user).key}")
    first = client.get(f"/api/v1/plans/{plan.pk}/")
    assert first.status_code == 200
    with django_assert_max_num_queries(0):  # kept in Redis, served without the database
        assert client.get(f"/api/v1/plans/{plan.pk}/").content == first.content

    run_elsewhere(shared_cache, f"""
        from django.db import transaction
        from devplans.models import Milestone
        with transaction.atomic():
            Milestone.objects.filter(pk={milestone.pk}).update(title="After the worker ran", status="in_progress")
    """)

    fresh = client.get(f"/api/v1/plans/{plan.pk}/").json()
    [shown] = [m for m in fresh["milestones"] if m["id"] == milestone.pk]
    assert shown["title"] == "After the worker ran"
    assert shown["status"] == MilestoneStatus.IN_PROGRESS


def test_a_token_revoked_elsewhere_is_refused_at_once(shared_cache, org):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=org.rep.user).key}")
    assert client.get("/api/v1/me/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200
    run_elsewhere(shared_cache, f"""
        from rest_framework.authtoken.models import Token
        Token.objects.filter(user_id={org.rep.user_id}).delete()
    """)
    assert client.get("/api/v1/me/").status_code == 401


def test_the_redis_backend_keeps_one_client_and_still_works(settings):
    from config.cache import RedisCache

    backend = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"rc-{uuid.uuid4().hex[:8]}"})
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
    backend.set("answer", {"n": 42}, 30)
    assert backend.get_many(["answer", "missing"]) == {"answer": {"n": 42}}
    assert backend.add("count", 1)
    assert backend.incr("count") == 2
    backend.delete_many(["answer", "count"])
