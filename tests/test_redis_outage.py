"""A Redis outage does not take the app down: pages, sign-in, the token endpoint and the API answer
from the database while the cache cannot be reached, and nobody is signed out.

Production's cache settings (config.settings.base.redis_cache_settings) against a real Redis that
the test stops and starts; sessions are cached_db, as in every environment."""
import pytest

from config.settings.base import redis_cache_settings
from tests.redis_server import RedisServer

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass-123"  # the factories' password


@pytest.fixture
def redis_cache(settings):
    server = RedisServer().start()
    settings.CACHES = {"default": redis_cache_settings(server.url)}
    yield server
    server.stop()


def signed_in(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_pages_sign_in_and_the_api_answer_while_redis_is_down(client, api, org, redis_cache):
    from coaching.services import cadence_policies_ensure

    cadence_policies_ensure()
    redis_cache.stop()

    signed_in(client, "t_marco")  # a new session, written to the database only
    assert client.get("/team/").status_code == 200
    assert client.get("/plans/mine/").status_code in (200, 302)

    response = api.post("/api/v1/auth/token/", {"username": "t_marco", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    cadence = api.get("/api/v1/coaching/cadence/")
    assert cadence.status_code == 200  # the cadence policies are read from the database

    health = client.get("/healthz/")
    assert health.status_code == 503  # and the health check says what is wrong
    assert health.json()["checks"]["cache"] != "ok"


def test_a_session_made_before_the_outage_survives_it(client, org, redis_cache):
    signed_in(client, "t_ava")
    assert client.get("/plans/mine/").status_code == 200
    assert redis_cache.client().dbsize() > 0  # the session was cached

    redis_cache.stop()
    page = client.get("/plans/mine/")
    assert page.status_code == 200 and "Ava Rep" in page.content.decode()

    redis_cache.start()  # back, and empty: the session is read from the database again
    assert client.get("/plans/mine/").status_code == 200
