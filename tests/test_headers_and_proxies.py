"""The page headers and the sign-in throttle's idea of who the client is."""
import pytest
from django.conf import settings
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import ScopedRateThrottle


@pytest.mark.django_db
def test_the_content_security_policy_also_pins_base_uri_and_objects(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "base-uri 'self'" in policy and "object-src 'none'" in policy
    assert "default-src 'self'" in policy


def test_the_throttle_ignores_a_forged_forwarded_for_without_a_proxy():
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    request = APIRequestFactory().post("/api/v1/auth/token/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="127.0.0.7")
    assert ScopedRateThrottle().get_ident(request) == "127.0.0.7"
