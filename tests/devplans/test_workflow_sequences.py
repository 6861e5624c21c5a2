"""Random sequences of milestone actions by random people never break the workflow (hypothesis)."""
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.exceptions import TransitionNotAllowed
from devplans import services
from devplans.models import Milestone, MilestoneStatus
from tests.factories.devplans import MilestoneFactory

pytestmark = pytest.mark.django_db

S = MilestoneStatus
MOVES = {
    "start": ({S.PLANNED, S.CHANGES_REQUESTED}, S.IN_PROGRESS),
    "submit": ({S.IN_PROGRESS, S.CHANGES_REQUESTED}, S.SUBMITTED),
    "approve": ({S.SUBMITTED}, S.APPROVED),
    "request_changes": ({S.SUBMITTED}, S.CHANGES_REQUESTED),
    "cancel": ({S.PLANNED, S.IN_PROGRESS, S.SUBMITTED, S.CHANGES_REQUESTED}, S.CANCELLED),
}
ALLOWED = {
    "start": {"rep"},
    "submit": {"rep"},
    "approve": {"manager", "hr"},
    "request_changes": {"manager", "hr"},
    "cancel": {"rep", "manager", "vp", "hr"},
}
CALLS = {
    "start": lambda actor, m: services.milestone_start(actor=actor, milestone=m),
    "submit": lambda actor, m: services.milestone_submit(actor=actor, milestone=m, evidence="e"),
    "approve": lambda actor, m: services.milestone_approve(actor=actor, milestone=m),
    "request_changes": lambda actor, m: services.milestone_request_changes(actor=actor, milestone=m, comment="c"),
    "cancel": lambda actor, m: services.milestone_cancel(actor=actor, milestone=m),
}

steps = st.lists(
    st.tuples(st.sampled_from(sorted(MOVES)), st.sampled_from(["rep", "manager", "vp", "hr", "peer"])),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_random_sequences_follow_the_workflow(org, plan, sequence):
    milestone = MilestoneFactory(plan=plan)
    expected = S.PLANNED
    for action, who in sequence:
        actor = getattr(org, who)
        sources, target = MOVES[action]
        if who == "peer":
            outcome = Http404
        elif who not in ALLOWED[action]:
            outcome = PermissionDenied
        elif expected not in sources:
            outcome = TransitionNotAllowed
        else:
            outcome = None
        if outcome is None:
            CALLS[action](actor, milestone)
            expected = target
        else:
            with pytest.raises(outcome):
                CALLS[action](actor, milestone)
        assert Milestone.objects.get(pk=milestone.pk).status == expected
    decisions = Milestone.history.filter(id=milestone.pk, status__in=[S.APPROVED, S.CHANGES_REQUESTED]).count()
    assert decisions == sum(
        1 for row in Milestone.history.filter(id=milestone.pk).values_list("history_change_reason", flat=True)
        if row in ("Milestone approved", "Milestone changes requested")
    )
