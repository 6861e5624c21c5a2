import re

import pytest
from django.test import Client
from django.utils import timezone

from coaching import demo as coaching_demo
from coaching.models import CoachingSession, SessionStatus
from devplans.models import MilestoneStatus, PlanStatus
from people import demo as people_demo
from people.models import Person, Tier
from tests.coaching.helpers import days_ago, set_tier
from tests.factories import PersonFactory
from tests.factories.coaching import (
    ActionItemFactory,
    CadencePolicyFactory,
    CoachingSessionFactory,
    MentorshipFactory,
    ObservationFactory,
    QuotaReliefFactory,
)
from tests.factories.devplans import DevelopmentPlanFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

SECRET = "Considering her for the Northwind account."


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


@pytest.fixture
def demo(db, today):
    people = people_demo.seed_demo(today=today)
    coaching_demo.seed_demo(people=people, today=today)
    return people


def test_team_page_for_the_demo_shows_cadence_flags_and_time_chart(demo):
    response = signed_in(demo["marco"]).get("/team/")
    assert response.status_code == 200
    html = response.content.decode()
    ava_row = re.search(rf'<tr role="row" class="[^"]*" data-person="{demo["ava"].pk}">.*?</tr>', html, re.S).group(0)
    ben_row = re.search(rf'<tr role="row" class="[^"]*" data-person="{demo["ben"].pk}">.*?</tr>', html, re.S).group(0)
    assert "flagged" in ava_row and "no developmental coaching in 30 days" in ava_row
    assert "flagged" not in ben_row.split(">")[0]
    assert "Dev Patel" in html
    # The time-by-tier chart: one bar per tier, with hours.
    assert "Where your coaching time goes" in html
    for tier in ("top_20", "middle_60", "bottom_20"):
        assert f'data-tier="{tier}"' in html
    assert "<svg" in html and " h (" in html
    # Suggested style, risk and mentorships.
    assert "supportive" in ava_row
    assert "risk-high" in html  # dev: skipped 1:1s, observations
    assert "Olga Petrova" in html and "Fay Dubois" not in html  # sam's pairing is not marco's team


def test_team_page_shows_sams_mentorship_with_return(demo):
    html = signed_in(demo["sam"]).get("/team/").content.decode()
    assert "Fay Dubois" in html and "Eli Romero" in html
    assert "30,000" in html  # 90,000 lift − 60,000 relief


def test_reps_get_403_on_team_page(demo):
    assert signed_in(demo["ava"]).get("/team/").status_code == 403


def test_team_page_query_count_is_bounded(org, django_assert_max_num_queries):
    """30 reports with tiers, sessions, observations, plans waiting for approval and mentorships
    sharing a relief group: the page still answers in 8 queries."""
    relief = QuotaReliefFactory(mentor=org.manager, amount=60000)
    for index in range(30):
        report = PersonFactory(manager=org.manager)
        set_tier(report, ["top_20", "middle_60", "bottom_20"][index % 3])
        CoachingSessionFactory(coach=org.manager, coachee=report, scheduled_at=days_ago(index))
        ObservationFactory(person=report, observed_by=org.manager)
        plan = DevelopmentPlanFactory(person=report, status=PlanStatus.ACTIVE)
        MilestoneFactory(plan=plan, status=MilestoneStatus.SUBMITTED, submitted_at=timezone.now())
        if index % 5 == 0:
            MentorshipFactory(mentor=org.peer, mentee=report, relief_group=relief if index % 10 == 0 else None)
    client = signed_in(org.manager)
    client.get("/team/")
    with django_assert_max_num_queries(8):
        response = client.get("/team/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("data-person=") == 32
    assert html.count('id="approval-') == 30
    assert html.count(">Active</td>") == 6  # the six pairings


def test_session_page_hides_private_notes_from_the_coachee(org):
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, private_notes=SECRET,
                                     status=SessionStatus.SCHEDULED, scheduled_at=days_ago(-1))
    coachee_html = signed_in(org.rep).get(f"/coaching/sessions/{session.pk}/").content.decode()
    manager_html = signed_in(org.manager).get(f"/coaching/sessions/{session.pk}/").content.decode()
    assert SECRET not in coachee_html and "Private notes" not in coachee_html
    assert SECRET in manager_html
    assert signed_in(org.other_rep).get(f"/coaching/sessions/{session.pk}/").status_code == 404


def test_coachee_adds_to_the_agenda_of_their_next_one_on_one(org):
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED, scheduled_at=days_ago(-1))
    client = signed_in(org.rep)
    response = client.post(f"/coaching/sessions/{session.pk}/agenda/", {"text": "My path to senior AE"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "My path to senior AE" in html and "Added to the agenda." in html
    assert "set 100% of this agenda" in html


def test_the_session_page_offers_each_side_only_what_it_may_do(org):
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED, scheduled_at=days_ago(-1))
    ActionItemFactory(session=session, owner=org.rep)
    coachee_html = signed_in(org.rep).get(f"/coaching/sessions/{session.pk}/").content.decode()
    coach_html = signed_in(org.manager).get(f"/coaching/sessions/{session.pk}/").content.decode()
    skip_level_html = signed_in(org.vp).get(f"/coaching/sessions/{session.pk}/").content.decode()
    for html in (coachee_html, coach_html):
        assert "Add to the agenda</button>" in html
    assert "Add to the agenda</button>" not in skip_level_html  # the agenda is the pair's
    assert "Mark as held" not in coachee_html and "Make it a plan milestone" not in coachee_html
    for html in (coach_html, skip_level_html):
        assert "Mark as held" in html and "Make it a plan milestone" in html


def test_the_session_page_closes_the_agenda_and_outcome_once_held(org):
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.HELD)
    html = signed_in(org.manager).get(f"/coaching/sessions/{session.pk}/").content.decode()
    assert "Add to the agenda</button>" not in html and "Mark as held" not in html


def test_each_session_action_runs_its_own_service(org):
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED, scheduled_at=days_ago(-1),
                                     shared_notes="Before", private_notes="Mine")
    client = signed_in(org.manager)
    url = f"/coaching/sessions/{session.pk}"
    added = client.post(f"{url}/action-item/", {"text": "Shadow a renewal", "due_date": ""}, follow=True)
    assert "Action item added." in added.content.decode()
    empty = client.post(f"{url}/agenda/", {"text": "  "}, follow=True)
    assert "Write the agenda item." in empty.content.decode()
    held = client.post(f"{url}/hold/", {"shared_notes": "Agreed the plan"}, follow=True)
    assert "Marked as held." in held.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    assert session.shared_notes == "Agreed the plan" and session.private_notes == "Mine"  # not posted: kept
    again = client.post(f"{url}/cancel/", follow=True)
    assert "already held" in again.content.decode()


def test_an_unknown_session_action_is_404(org):
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED, scheduled_at=days_ago(-1))
    assert signed_in(org.manager).post(f"/coaching/sessions/{session.pk}/archive/").status_code == 404


def test_to_milestone_takes_only_this_sessions_action_items(org):
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED, scheduled_at=days_ago(-1))
    other = ActionItemFactory(session=CoachingSessionFactory(coach=org.manager, coachee=org.peer))
    client = signed_in(org.manager)
    assert client.post(f"/coaching/sessions/{session.pk}/to-milestone/", {"action_item": other.pk}).status_code == 404
    assert client.post(f"/coaching/sessions/{session.pk}/to-milestone/", {"action_item": "x"}).status_code == 404


@pytest.mark.parametrize("posted", [{}, {"action_item": ""}, {"action_item": "-1"}, {"action_item": "1e3"},
                                    {"action_item": "9" * 30}, {"action_item": "0x1f"}, {"action_item": "1; DROP"}])
def test_to_milestone_with_a_malformed_action_item_is_404_and_changes_nothing(org, posted):
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED, scheduled_at=days_ago(-1))
    item = ActionItemFactory(session=session)
    response = signed_in(org.manager).post(f"/coaching/sessions/{session.pk}/to-milestone/", posted)
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.milestone_id is None


def test_team_page_names_the_gap_hr_set_for_the_top_tier(org):
    CadencePolicyFactory(tier=Tier.TOP_20, developmental_gap_days=45)
    set_tier(org.rep, Tier.TOP_20)
    html = signed_in(org.manager).get("/team/").content.decode()
    assert "no developmental coaching in 45 days" in html
    assert "Top 20%: no developmental coaching in 30 days" not in html


def test_session_pages_need_csrf(org):
    session = CoachingSessionFactory(coach=org.manager, coachee=org.rep, status=SessionStatus.SCHEDULED, scheduled_at=days_ago(-1))
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.rep.user)
    assert client.post(f"/coaching/sessions/{session.pk}/agenda/", {"text": "x"}).status_code == 403


def test_log_a_session_from_a_conversation_template(org):
    client = signed_in(org.manager)
    form = client.get(f"/coaching/sessions/new/?coachee={org.rep.pk}").content.decode()
    assert "What skill would make you unstoppable if you mastered it?" in form
    response = client.post(f"/coaching/sessions/new/?coachee={org.rep.pk}", {
        "coachee": org.rep.pk, "kind": "monthly_deep_dive", "conversation": "mastery",
        "scheduled_at": "2030-01-10T10:00", "duration_minutes": "", "shared_notes": "", "private_notes": "",
    })
    assert response.status_code == 302
    session = CoachingSession.objects.get()
    assert session.duration_minutes == 60 and session.conversation == "mastery" and session.coach == org.manager


def test_log_session_for_someone_outside_the_line_is_404(org):
    assert signed_in(org.manager).get(f"/coaching/sessions/new/?coachee={org.other_rep.pk}").status_code == 404
    assert signed_in(org.rep).get(f"/coaching/sessions/new/?coachee={org.peer.pk}").status_code == 403


def test_mentorships_page_lists_own_pairings_or_says_what_to_do(demo):
    assert "Eli Romero" in signed_in(demo["fay"]).get("/coaching/mentorships/").content.decode()
    assert "You have no mentorships yet" in signed_in(demo["ava"]).get("/coaching/mentorships/").content.decode()


def test_demo_seed_large_is_quick_and_sized(db, today):
    people = people_demo.seed_demo(today=today)
    ids = people_demo.seed_large(count=220, today=today, top=people["vera"])
    summary = coaching_demo.seed_large(ids=ids, today=today)
    assert CoachingSession.objects.filter(coachee_id__in=ids["reps"]).count() == 25 * len(ids["reps"])
    assert "mentorships" in summary
    assert Person.objects.count() > 200


def test_hr_opens_a_managers_team_page(demo):
    from django.contrib.auth.models import Group

    from people.models import HR_GROUP_NAME

    Group.objects.get_or_create(name=HR_GROUP_NAME)[0].user_set.add(demo["hana"].user)
    client = signed_in(demo["hana"])
    overview = client.get("/team/").content.decode()
    assert f"?manager={demo['marco'].pk}" in overview
    html = client.get(f"/team/?manager={demo['marco'].pk}").content.decode()
    assert "Marco Bianchi's team" in html and "Ava Chen" in html


def test_manager_cannot_open_another_managers_team(demo):
    assert signed_in(demo["marco"]).get(f"/team/?manager={demo['sam'].pk}").status_code == 404


def test_hr_opening_another_team_stays_within_the_query_budget(org, django_assert_max_num_queries):
    for index in range(12):
        report = PersonFactory(manager=org.manager)
        CoachingSessionFactory(coach=org.manager, coachee=report, scheduled_at=days_ago(index))
    client = signed_in(org.hr)
    client.get(f"/team/?manager={org.manager.pk}")
    with django_assert_max_num_queries(8):
        response = client.get(f"/team/?manager={org.manager.pk}")
    html = response.content.decode()
    assert "Marco Manager's team" in html
    assert "Back to all teams" in html and 'name="find"' in html


def test_the_team_picker_finds_a_team_by_its_managers_name(org):
    client = signed_in(org.hr)
    html = client.get("/team/?find=marco").content.decode()
    assert f"?manager={org.manager.pk}" in html
    assert f"?manager={org.other_manager.pk}" not in html
    assert "No team in your reach" in client.get("/team/?find=nobody-by-that-name").content.decode()
    everyone = client.get("/team/?find=").content.decode()
    assert f"?manager={org.manager.pk}" in everyone and f"?manager={org.other_manager.pk}" in everyone


def test_the_team_picker_keeps_to_the_viewers_line(org):
    vp_sees = signed_in(org.vp).get("/team/?find=").content.decode()
    assert f"?manager={org.manager.pk}" in vp_sees and f"?manager={org.other_manager.pk}" in vp_sees
    manager_sees = signed_in(org.manager).get("/team/?find=sam").content.decode()
    assert f"?manager={org.other_manager.pk}" not in manager_sees
    assert signed_in(org.rep).get("/team/?find=").status_code == 403


def test_a_large_organisation_lists_a_page_of_teams_and_asks_for_a_name(org):
    from coaching.views import TEAMS_LISTED

    for index in range(TEAMS_LISTED + 2):
        PersonFactory(manager=PersonFactory(full_name=f"Manager {index:03d}"))
    client = signed_in(org.hr)
    landing = client.get("/team/").content.decode()
    assert landing.count("'s team</a></li>") == TEAMS_LISTED
    assert "there are more" in landing and 'name="find"' in landing
    narrowed = client.get("/team/?find=Manager 031").content.decode()
    assert narrowed.count("'s team</a></li>") == 1
