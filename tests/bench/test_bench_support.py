"""What `make bench` relies on inside the app: the bare view, the large organisation's shape,
and the pages it measures staying within their query budget."""
from django.contrib.auth.hashers import check_password

from config.bench_views import BARE_BODY
from insights.demo import demo_load
from notifications.services import notify
from people import demo
from people.models import Person, PersonStatus, QuotaRecord
from people.services import quota_tiers_recompute


def test_bare_view_answers_a_fixed_body_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/bench/bare/")
    assert response.status_code == 200
    assert response.json() == BARE_BODY
    assert client.post("/bench/bare/").status_code == 405  # read-only: GET and HEAD only


def test_large_organisation_has_teams_of_about_twelve_and_the_tiers_a_recompute_gives(db, today):
    people = demo.seed_demo(today=today)
    ids = demo.seed_large(count=400, today=today, top=people["vera"])

    assert len(ids["alumni"]) == 40
    assert Person.objects.filter(pk__in=ids["alumni"], status=PersonStatus.ALUMNI).count() == 40
    team_sizes = [Person.objects.filter(manager_id=pk).count() for pk in ids["managers"]]
    assert min(team_sizes) >= 11 and max(team_sizes) <= 13
    assert QuotaRecord.objects.filter(person_id__in=ids["reps"]).exclude(tier="").count() == 4 * len(ids["reps"])
    # The tiers written at insert time are exactly what a full recompute decides.
    for year, quarter in demo.last_quarters(today, 4):
        assert quota_tiers_recompute(year=year, quarter=quarter) == 0
    rep = Person.objects.select_related("user").get(pk=ids["reps"][0])
    assert check_password("demo", rep.user.password)


def test_admin_people_list_renders_within_its_query_budget(client, db, today, django_assert_max_num_queries):
    people = demo_load(today=today)
    demo.seed_large(count=250, today=today, top=people["vera"])
    client.force_login(people["hana"].user)
    client.get("/admin/people/person/")  # per-process caches (content types)

    with django_assert_max_num_queries(8):
        response = client.get("/admin/people/person/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Import CSV" in page and "Export" in page
    assert page.count('class="field-username"') == 50  # a full page of people (list_per_page)


def test_pages_still_show_who_is_signed_in_and_the_unread_count(client, db, today):
    people = demo_load(today=today)
    ava = people["ava"]
    notify(recipient=ava, kind="milestone_due", subject_key="m:1", period="2026-11-24", title="Milestone due")
    client.force_login(ava.user)

    page = client.get("/alumni/").content.decode()

    assert "Ava Chen" in page and "(rep)" in page
    assert 'aria-label="Notifications: 1 unread"' in page
