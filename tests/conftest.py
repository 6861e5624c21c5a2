import datetime
import os

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from people.models import Person
from tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached reads (cadence policies, sessions) never
    outlive the database rows a test rolled back."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """An API client; `api.as_person(person)` signs it in as that person."""
    client = APIClient()

    def as_person(person: Person | None) -> APIClient:
        client.force_authenticate(user=person.user if person else None)
        return client

    client.as_person = as_person
    return client


@pytest.fixture
def hr_group(db) -> Group:
    """The HR group with the permissions the demo gives it."""
    from insights.setup import hr_group_ensure as ensure_hr_group

    return ensure_hr_group()


@pytest.fixture
def org(db, hr_group):
    """A small organisation: vp → two managers → reps, plus HR. Names say who is who."""
    vp = PersonFactory(full_name="Vera VP", user__username="t_vera")
    manager = PersonFactory(full_name="Marco Manager", manager=vp, user__username="t_marco")
    other_manager = PersonFactory(full_name="Sam Manager", manager=vp, user__username="t_sam")
    rep = PersonFactory(full_name="Ava Rep", manager=manager, user__username="t_ava")
    peer = PersonFactory(full_name="Ben Peer", manager=manager, user__username="t_ben")
    other_rep = PersonFactory(full_name="Eli Other", manager=other_manager, user__username="t_eli")
    hr = PersonFactory(full_name="Hana HR", user__username="t_hana", user__is_staff=True)
    hr.user.groups.add(hr_group)
    return type(
        "Org",
        (),
        dict(vp=vp, manager=manager, other_manager=other_manager, rep=rep, peer=peer, other_rep=other_rep, hr=hr),
    )


@pytest.fixture
def today() -> datetime.date:
    from common.time import organisation_today

    return organisation_today()


def pytest_collection_modifyitems(config, items):
    """Integration and browser tests run only in CI's integration tier (CATALYST_INTEGRATION=1)."""
    if os.environ.get("CATALYST_INTEGRATION") == "1":
        return
    skip = pytest.mark.skip(reason="integration tier: CATALYST_INTEGRATION=1 with PostgreSQL, Redis and Chromium")
    for item in items:
        if "integration" in item.keywords or "browser" in item.keywords:
            item.add_marker(skip)
