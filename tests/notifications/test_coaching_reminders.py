"""The coaching sweep: top performers without developmental coaching, career conversations, the Monday digest."""
import datetime

import pytest

from coaching import reminders
from coaching.kinds import CoachingNotification
from coaching.models import Conversation, SessionKind, SessionStatus
from devplans.models import MilestoneStatus
from notifications.models import Notification
from people.models import Tier
from tests.notifications.conftest import local_noon, make_milestone, make_plan, make_session, make_tier

pytestmark = pytest.mark.django_db

TUESDAY = datetime.date(2026, 11, 24)
MONDAY = datetime.date(2026, 11, 30)


def days_ago(n, on=TUESDAY):
    return local_noon(on - datetime.timedelta(days=n))


@pytest.fixture
def recent_career(org):
    """Everyone had a career conversation recently, so only what a test sets up is due."""
    for person in (org.rep, org.peer, org.other_rep, org.manager, org.other_manager):
        make_session(person.manager, person, when=days_ago(10), kind=SessionKind.QUARTERLY_CAREER)


def test_top_performer_without_developmental_coaching_for_30_days_reminds_the_manager(org, recent_career):
    make_tier(org.rep, Tier.TOP_20)
    make_tier(org.peer, Tier.MIDDLE_60)
    Notification.objects.all().delete()
    # rep's career conversation 10 days ago counts as developmental: make it older for this test
    org.rep.coaching_received.update(scheduled_at=days_ago(40))
    make_session(org.manager, org.rep, when=days_ago(3))  # a weekly 1:1 without a conversation: not developmental
    make_session(org.manager, org.rep, when=days_ago(5), kind=SessionKind.MONTHLY_DEEP_DIVE, status=SessionStatus.CANCELLED)

    created = reminders.sweep(on=TUESDAY)

    assert created.get(CoachingNotification.COACHING_OVERDUE) == 1
    reminder = Notification.objects.get(kind=CoachingNotification.COACHING_OVERDUE)
    assert reminder.recipient == org.manager
    assert reminder.subject_key == f"person:{org.rep.pk}"
    assert reminder.period == "2026-W48"
    assert "40 days ago" in reminder.body


@pytest.mark.parametrize(
    "kind, conversation",
    [
        (SessionKind.MONTHLY_DEEP_DIVE, ""),
        (SessionKind.QUARTERLY_CAREER, ""),
        (SessionKind.WEEKLY_1ON1, Conversation.MASTERY),
    ],
)
def test_developmental_coaching_within_30_days_is_enough(org, kind, conversation):
    make_tier(org.rep, Tier.TOP_20)
    make_session(org.manager, org.rep, when=days_ago(30), kind=kind, conversation=conversation)
    reminders.sweep(on=TUESDAY)
    assert not Notification.objects.filter(kind=CoachingNotification.COACHING_OVERDUE).exists()


def test_never_coached_top_performer_is_flagged_and_again_next_week_only(org, recent_career):
    make_tier(org.peer, Tier.TOP_20)
    org.peer.coaching_received.all().delete()
    make_session(org.manager, org.peer, when=days_ago(10), kind=SessionKind.WEEKLY_1ON1)
    for day in range(7):
        reminders.sweep(on=TUESDAY + datetime.timedelta(days=day), digest=False)
    assert Notification.objects.filter(kind=CoachingNotification.COACHING_OVERDUE).count() == 2  # W48 and W49


def test_career_conversation_due_reminds_person_and_manager(org, recent_career):
    org.rep.coaching_received.update(scheduled_at=days_ago(91))
    created = reminders.sweep(on=TUESDAY, digest=False)
    assert created == {CoachingNotification.CAREER_CONVERSATION_DUE: 2}
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {org.rep.pk, org.manager.pk}
    assert set(Notification.objects.values_list("subject_key", flat=True)) == {f"person:{org.rep.pk}"}


def test_career_conversation_held_90_days_ago_is_not_due(org, recent_career):
    org.rep.coaching_received.update(scheduled_at=days_ago(90))
    assert reminders.sweep(on=TUESDAY, digest=False) == {}


def test_new_joiners_are_not_yet_due(org, recent_career):
    org.rep.coaching_received.all().delete()
    org.rep.hire_date = TUESDAY - datetime.timedelta(days=30)
    org.rep.save()
    assert reminders.sweep(on=TUESDAY, digest=False) == {}


def test_digest_only_on_mondays_unless_forced(org, recent_career):
    make_tier(org.rep, Tier.TOP_20)
    org.rep.coaching_received.update(scheduled_at=days_ago(40, on=MONDAY))
    plan = make_plan(org.peer)
    make_milestone(plan, due_date=MONDAY, status=MilestoneStatus.SUBMITTED, submitted_at=days_ago(1, on=MONDAY),
                   title="Case study: the Acme renewal")

    assert CoachingNotification.MANAGER_DIGEST not in reminders.sweep(on=TUESDAY)
    assert reminders.digest_sweep(on=TUESDAY) == {}
    created = reminders.sweep(on=MONDAY)
    assert reminders.digest_sweep(on=MONDAY) == {}  # same week: already there

    digests = {n.recipient_id: n for n in Notification.objects.filter(kind=CoachingNotification.MANAGER_DIGEST)}
    # vp (managers report to her), manager, other_manager
    assert set(digests) == {org.vp.pk, org.manager.pk, org.other_manager.pk}
    assert created[CoachingNotification.MANAGER_DIGEST] == 3
    mine = digests[org.manager.pk]
    assert mine.period == "2026-W49"
    assert "Top 20%: Ava Rep" in mine.body
    assert "Overdue for developmental coaching: Ava Rep" in mine.body
    assert "Waiting for your approval: 1" in mine.body
    assert "Case study: the Acme renewal" in mine.body
    assert "Waiting for your approval: 0" in digests[org.other_manager.pk].body

    forced = reminders.digest_sweep(on=TUESDAY + datetime.timedelta(days=14), force=True)
    assert forced == {CoachingNotification.MANAGER_DIGEST: 3}


def test_coaching_sweep_queries_do_not_grow_with_rows(org, django_assert_max_num_queries):
    from tests.factories import PersonFactory

    def build(n):
        for _ in range(n):
            person = PersonFactory(manager=org.manager)
            make_tier(person, Tier.TOP_20)
            make_session(org.manager, person, when=days_ago(45, on=MONDAY), kind=SessionKind.MONTHLY_DEEP_DIVE)

    build(3)
    with django_assert_max_num_queries(20):
        reminders.sweep(on=MONDAY)
    build(40)
    with django_assert_max_num_queries(20):
        created = reminders.sweep(on=MONDAY)
    assert created[CoachingNotification.COACHING_OVERDUE] == 40
