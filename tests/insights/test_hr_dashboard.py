import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from alumni.models import ContributionKind, ContributionStatus
from coaching.models import SessionKind, SessionStatus
from coaching.services import cadence_policy_set
from devplans.models import PlanStatus
from insights.dashboard import hr_dashboard
from people.services import quota_record_set
from tests.factories import AlumniContributionFactory, PersonFactory
from tests.factories.coaching import CoachingSessionFactory
from tests.factories.devplans import DevelopmentPlanFactory

pytestmark = pytest.mark.django_db


def test_dashboard_counts_plan_coverage_and_uncoached_top_performers(org, today, client, django_assert_max_num_queries):
    year, quarter = today.year, (today.month - 1) // 3 + 1
    reps = [org.rep, org.peer, org.other_rep, PersonFactory(manager=org.manager), PersonFactory(manager=org.manager)]
    for index, rep in enumerate(reps):
        quota_record_set(actor=None, person=rep, year=year, quarter=quarter, quota=Decimal(100), attained=Decimal(150 - 20 * index))
    DevelopmentPlanFactory(person=org.rep, target_role=None, start_date=today, target_date=today, status=PlanStatus.ACTIVE)
    CoachingSessionFactory(
        coach=org.manager, coachee=org.peer, kind=SessionKind.MONTHLY_DEEP_DIVE, duration_minutes=60,
        scheduled_at=timezone.now() - datetime.timedelta(days=3), status=SessionStatus.HELD, shared_notes="",
    )
    alumnus = PersonFactory(status="alumni")
    AlumniContributionFactory(alumnus=alumnus, kind=ContributionKind.CLIENT_OPPORTUNITY, value=Decimal(50000),
                              status=ContributionStatus.WON, occurred_on=today)
    with django_assert_max_num_queries(7):  # 6 aggregates and lists, 1 for HR's cadence policies
        dashboard = hr_dashboard()
    assert dashboard.top_performers == 1  # org.rep at 150%
    assert dashboard.top_plan_coverage == 100
    assert [person.id for person in dashboard.top_without_coaching] == [org.rep.id]
    assert dashboard.alumni_business[0]["won_value"] == Decimal(50000)

    client.force_login(org.hr.user)
    content = client.get("/admin/").content.decode()
    assert "Top 20% with an active plan" in content and "100%" in content
    assert "Client opportunity" in content


def test_dashboard_reads_the_gap_hr_set_in_the_cadence_policy(org, today):
    """With the top tier's gap at 60 days, a top rep coached 40 days ago is coached, as on /team/."""
    from people.models import Tier

    year, quarter = today.year, (today.month - 1) // 3 + 1
    for index, rep in enumerate([org.rep, org.peer, org.other_rep, PersonFactory(manager=org.manager), PersonFactory(manager=org.manager)]):
        quota_record_set(actor=None, person=rep, year=year, quarter=quarter, quota=Decimal(100), attained=Decimal(150 - 20 * index))
    CoachingSessionFactory(
        coach=org.manager, coachee=org.rep, kind=SessionKind.MONTHLY_DEEP_DIVE, duration_minutes=60,
        scheduled_at=timezone.now() - datetime.timedelta(days=40), status=SessionStatus.HELD, shared_notes="",
    )
    assert hr_dashboard().top_without_coaching_count == 1  # the default top-tier gap is 30 days

    cadence_policy_set(actor=org.hr, tier=Tier.TOP_20, developmental_gap_days=60)
    dashboard = hr_dashboard()
    assert dashboard.top_without_coaching_count == 0 and dashboard.gap_days == 60
