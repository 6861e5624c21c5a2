"""Every JSON body goes through one parser (common/api/parsers.py): control characters are stripped
from its strings as pages strip them, and hostile bodies are a 400 with a JSON message, never a 500."""
import datetime
import json

import pytest

from common.api.parsers import MAX_DEPTH, cleaned
from devplans.models import Milestone, MilestoneStatus
from tests.factories.devplans import DevelopmentPlanFactory, MilestoneFactory


def test_a_nul_in_a_milestone_title_is_not_stored(api, org, today):
    plan = DevelopmentPlanFactory(person=org.rep)

    response = api.as_person(org.rep).post(
        f"/api/v1/plans/{plan.pk}/milestones/",
        {
            "title": "Shadow\x00 the CRO",
            "description": "Two calls\x1b[31m,\none\tdebrief",
            "due_date": str(today + datetime.timedelta(days=30)),
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    milestone = Milestone.objects.get(pk=response.json()["id"])
    assert milestone.title == "Shadow the CRO"
    assert milestone.description == "Two calls[31m,\none\tdebrief"  # tab and newline stay


def test_a_nul_in_submitted_evidence_is_not_stored(api, org):
    milestone = MilestoneFactory(plan__person=org.rep, status=MilestoneStatus.IN_PROGRESS)

    response = api.as_person(org.rep).post(
        f"/api/v1/milestones/{milestone.pk}/submit/", {"evidence": "The deck\x00\x07"}, format="json"
    )

    assert response.status_code == 200, response.content
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.SUBMITTED
    assert milestone.evidence == "The deck"


@pytest.mark.parametrize(
    "body",
    [
        "[" * 5000 + "]" * 5000,
        '{"a": ' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1),
        '{"title": "x", "due_date": 1e999}',
        '{"title": NaN}',
        '{"title": -Infinity}',
        '{"title": "unterminated',
    ],
    ids=["5000 deep", "just too deep", "1e999", "NaN", "-Infinity", "broken"],
)
def test_hostile_json_is_a_400_with_a_json_message(api, org, body):
    plan = DevelopmentPlanFactory(person=org.rep)

    response = api.as_person(org.rep).post(
        f"/api/v1/plans/{plan.pk}/milestones/", data=body, content_type="application/json"
    )

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]
    assert not Milestone.objects.filter(plan=plan).exists()


def test_every_string_is_cleaned_keys_and_nested_values_alike():
    body = json.loads('{"a\\u0000": ["x\\u0000", {"b": "y\\u001f"}], "n": 1.5, "t": true, "z": null}')

    assert cleaned(body) == {"a": ["x", {"b": "y"}], "n": 1.5, "t": True, "z": None}


def test_a_body_as_deep_as_allowed_still_parses():
    body = 1
    for _ in range(MAX_DEPTH):
        body = [body]

    assert cleaned(body) == body


def test_a_body_over_the_size_limit_is_a_json_400(client, settings):
    body = b'{"username": "' + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + b'", "password": "x"}'
    client.raise_request_exception = False
    response = client.post("/api/v1/auth/token/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "request_too_large"
    assert "at most 2560 KB" in response.json()["detail"]


@pytest.mark.parametrize("title", [12, 1e308, True, ["Shadow the CRO"], {"text": "x"}])
def test_a_text_field_takes_text_only(api, org, today, title):
    plan = DevelopmentPlanFactory(person=org.rep)
    response = api.as_person(org.rep).post(
        f"/api/v1/plans/{plan.pk}/milestones/",
        {"title": title, "due_date": str(today + datetime.timedelta(days=30))},
        format="json",
    )
    assert response.status_code == 400
    assert "title" in response.json()
    assert not Milestone.objects.filter(plan=plan).exists()
