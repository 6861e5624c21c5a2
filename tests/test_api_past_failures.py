"""Inputs that once made the API answer 500, replayed against every operation of the schema on every run.

The fuzzing tier (tests/integration/test_api_fuzz.py) explores at random; what it (or anyone) found
is kept here as a fixed list, so a fixed bug stays fixed everywhere, not only on the route where it
was found. Each integer query parameter of every GET gets each hostile value; each JSON body gets
each hostile body. A 4xx is the right answer; a 5xx fails the test, naming the request.
"""
from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from people.models import Person
from people.services import api_token_issue

#: Query values that passed a naive check and then failed (`"²".isdigit()` is True; int("²") raises).
HOSTILE_INTEGERS = ["²", "١٢", "𝟗", "1e3", "-1", "0", "99999999999999999999999", " 7", "0x10", ""]
#: Bodies that once raised inside the parser or reached the database as "inf".
HOSTILE_BODIES = [
    "[" * 5000 + "]" * 5000,
    '{"title": 1e999}',
    '{"title": NaN}',
    '{"title": Infinity, "due_date": "2026-13-45"}',
    '{"evidence": "\\u0000"}',
    '"just a string"',
    "{not json",
]


def operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def concrete(path: str) -> str:
    """The path with each {id} filled in: 1 is the first demo object, and a 404 is a fine answer too."""
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.fixture
def demo_client(db, settings):
    settings.AXES_ENABLED = False
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"sign_in": "100000/min"}}
    call_command("seed_demo", stdout=io.StringIO())
    client = APIClient()
    client.raise_request_exception = False
    manager = Person.objects.get(user__username="marco")
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=manager.user).key}")
    return client


def test_hostile_integer_parameters_are_a_4xx_everywhere(demo_client):
    failures, tried = [], 0
    for path, method, operation in operations():
        if method != "get":
            continue
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query" or parameter.get("schema", {}).get("type") != "integer":
                continue
            for value in HOSTILE_INTEGERS:
                tried += 1
                response = demo_client.get(concrete(path), {parameter["name"]: value})
                if response.status_code >= 500:
                    failures.append(f"GET {concrete(path)}?{parameter['name']}={value!r} → {response.status_code}")
    assert tried > 50, "the schema should list integer parameters (page, page_size…)"
    assert failures == []


def test_hostile_bodies_are_a_4xx_everywhere(demo_client):
    failures, tried = [], 0
    for path, method, _operation in operations():
        if method not in ("post", "put", "patch"):
            continue
        for body in HOSTILE_BODIES:
            tried += 1
            response = getattr(demo_client, method)(concrete(path), data=body, content_type="application/json")
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {concrete(path)} {body[:30]!r} → {response.status_code}")
    assert tried > 50
    assert failures == []
