"""Concurrent decisions on one milestone: exactly one wins (needs PostgreSQL row locks)."""
import os
import threading

import pytest
from django.db import connection, connections

from common.exceptions import TransitionNotAllowed
from devplans import services
from devplans.models import Milestone, MilestoneStatus
from notifications.models import Notification

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.environ.get("CATALYST_INTEGRATION") != "1", reason="integration tier (CATALYST_INTEGRATION=1)"),
]

WORKERS = 50  # RELIABILITY.md: 50 concurrent decisions on one milestone


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_make_exactly_one_change(org, submitted):
    if connection.vendor != "postgresql":
        pytest.skip("select_for_update is a no-op on SQLite; this race test needs PostgreSQL")
    barrier = threading.Barrier(WORKERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def decide(index: int) -> None:
        try:
            barrier.wait()
            if index % 2:
                services.milestone_approve(actor=org.manager, milestone=submitted)
            else:
                services.milestone_request_changes(actor=org.manager, milestone=submitted, comment=f"Try {index}")
            result = "decided"
        except TransitionNotAllowed:
            result = "refused"
        except Exception as error:  # pragma: no cover - reported in the assertion
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=decide, args=(index,)) for index in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("decided") == 1, outcomes
    assert outcomes.count("refused") == WORKERS - 1, outcomes
    milestone = Milestone.objects.get(pk=submitted.pk)
    assert milestone.status in (MilestoneStatus.APPROVED, MilestoneStatus.CHANGES_REQUESTED)
    decisions = Milestone.history.filter(id=submitted.pk, status__in=["approved", "changes_requested"])
    assert decisions.count() == 1
    assert Notification.objects.filter(kind="milestone_decided", subject_key=f"milestone:{submitted.pk}").count() == 1
