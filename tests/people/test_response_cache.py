"""The per-reader response cache (people/response_cache.py): a repeated read costs no query, and
nobody ever sees an answer older than the last write, another reader's answer, or an answer their
credentials no longer earn."""
import datetime
import io
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from devplans.models import Milestone, MilestoneStatus
from people import response_cache
from people.models import Person
from tests.factories import PersonFactory
from tests.factories.devplans import DevelopmentPlanFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.CATALYST_RESPONSE_CACHE_SECONDS = 60


def token_client(person: Person) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=person.user).key}")
    return client


def page_client(person: Person, *, visit: str | None = None) -> Client:
    """Signed in, and (with `visit`) having been on a page once, as a browser that came through the
    sign-in form has: it holds a CSRF cookie, so its pages can be kept."""
    client = Client()
    client.force_login(person.user)
    if visit:
        client.get(visit)
    return client


def generation():
    return cache.get(response_cache.GENERATION_KEY)


def stored_answers() -> list[str]:
    return [key for key in cache._cache if response_cache.ENTRY_PREFIX in key and response_cache.GENERATION_KEY not in key]


# --- what counts as a write ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('SELECT "people_person"."id" FROM "people_person"', False),
        ("  select 1", False),
        ('SAVEPOINT "s1"', False),
        ('RELEASE SAVEPOINT "s1"', False),
        ('INSERT INTO "people_person" ("id") VALUES (%s)', True),
        ('UPDATE "devplans_milestone" SET "status" = %s', True),
        ('DELETE FROM "authtoken_token" WHERE "key" = %s', True),
        ('ALTER TABLE "people_person" ADD COLUMN "x" int', True),
        ("WITH RECURSIVE line(id) AS (SELECT 1) SELECT id FROM line", False),
        ('WITH gone AS (SELECT 1) DELETE FROM "people_person"', True),
        # Writes no cached answer shows: signing in forgets nothing.
        ('INSERT INTO "django_session" ("session_key", "session_data") VALUES (%s, %s)', False),
        ('DELETE FROM "django_session" WHERE "django_session"."session_key" IN (%s)', False),
        ('INSERT INTO "axes_accesslog" ("user_agent") VALUES (%s)', False),
        ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s', False),
        ('INSERT INTO "authtoken_token" ("key", "user_id", "created") VALUES (%s, %s, %s)', False),
        # …but everything else about accounts does.
        ('DELETE FROM "authtoken_token" WHERE "authtoken_token"."user_id" IN (%s)', True),
        ('UPDATE "auth_user" SET "last_login" = %s, "is_active" = %s WHERE "auth_user"."id" = %s', True),
        ('UPDATE "auth_user" SET "password" = %s WHERE "auth_user"."id" = %s', True),
        ('INSERT INTO "people_notification" ("recipient_id") VALUES (%s)', True),
    ],
)
def test_statements_that_change_data_are_told_from_reads(sql, writes):
    assert response_cache.is_write(sql) is writes


def test_a_write_moves_the_generation_only_when_its_transaction_commits():
    response_cache.forget_all()
    before = generation()
    with transaction.atomic():
        PersonFactory()
        assert generation() == before  # not yet: a reader now would still see the old rows
    assert generation() == before  # the test's own transaction has not committed either


def test_a_committed_write_moves_the_generation_once(django_capture_on_commit_callbacks):
    response_cache.forget_all()
    before = generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        PersonFactory()
        PersonFactory()
    assert generation() == before + 1
    assert len([c for c in callbacks if c is response_cache.forget_all]) == 1


def test_a_rolled_back_write_does_not_move_it(django_capture_on_commit_callbacks):
    response_cache.forget_all()
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                PersonFactory()
                raise RuntimeError("abandon")
        except RuntimeError:
            pass
    assert generation() == before


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_any_transaction_moves_it_at_once():
    response_cache.forget_all()
    before = generation()
    PersonFactory()  # autocommit: each statement commits as it runs
    assert generation() > before


@pytest.mark.django_db(transaction=True)
def test_signing_in_forgets_nothing(org):
    response_cache.forget_all()
    before = generation()
    Client().force_login(org.rep.user)  # a session row, last_login
    response = APIClient().post("/api/v1/auth/token/", {"username": "t_ava", "password": "secret-pass-123"},
                                format="json")  # a token row, django-axes' sign-in record
    assert response.status_code == 200
    assert generation() == before


def test_reads_do_not_move_it(org):
    response_cache.forget_all()
    before = generation()
    list(Person.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert generation() == before


# --- serving a repeated read --------------------------------------------------------------------


def test_a_repeated_api_read_is_served_without_a_query(org, django_assert_max_num_queries):
    client = token_client(org.rep)
    first = client.get("/api/v1/me/")
    assert first.status_code == 200
    with django_assert_max_num_queries(0):
        again = client.get("/api/v1/me/")
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == "application/json"


def test_a_repeated_page_is_served_without_a_query(org, django_assert_max_num_queries):
    MilestoneFactory(plan=DevelopmentPlanFactory(person=org.rep), title="Shadow three discovery calls")
    client = page_client(org.rep, visit="/plans/mine/")
    first = client.get("/plans/mine/")
    assert b"Shadow three discovery calls" in first.content
    with django_assert_max_num_queries(0):
        again = client.get("/plans/mine/")
    assert again.content == first.content


@pytest.mark.django_db(transaction=True)  # writes really commit, as in production
def test_after_a_write_the_next_read_is_fresh(org):
    milestone = MilestoneFactory(plan=DevelopmentPlanFactory(person=org.rep), title="Old title")
    client = page_client(org.rep, visit="/plans/mine/")
    assert b"Old title" in client.get("/plans/mine/").content
    Milestone.objects.filter(pk=milestone.pk).update(title="New title")  # a queryset update: no signals
    page = client.get("/plans/mine/").content
    assert b"New title" in page
    assert b"Old title" not in page


@pytest.mark.django_db(transaction=True)  # writes really commit, as in production
def test_a_write_by_someone_else_reaches_every_reader(org):
    plan = DevelopmentPlanFactory(person=org.rep)
    milestone = MilestoneFactory(plan=plan, status=MilestoneStatus.SUBMITTED)
    manager = token_client(org.manager)
    assert manager.get("/api/v1/approvals/").json()["count"] == 1
    response = manager.post(f"/api/v1/milestones/{milestone.pk}/approve/", {}, format="json")
    assert response.status_code == 200
    assert manager.get("/api/v1/approvals/").json()["count"] == 0


def test_each_reader_gets_their_own_answer(org):
    rep, peer = token_client(org.rep), token_client(org.peer)
    assert rep.get("/api/v1/me/").json()["id"] == org.rep.id
    assert peer.get("/api/v1/me/").json()["id"] == org.peer.id
    assert rep.get("/api/v1/me/").json()["id"] == org.rep.id
    assert len(stored_answers()) == 2


@pytest.mark.django_db(transaction=True)  # writes really commit, as in production
def test_a_revoked_token_gets_a_401_not_the_cached_answer(org):
    client = token_client(org.rep)
    assert client.get("/api/v1/me/").status_code == 200
    Token.objects.filter(user=org.rep.user).delete()
    assert client.get("/api/v1/me/").status_code == 401


def test_an_expired_token_gets_a_401_even_with_nothing_written(org, settings):
    client = token_client(org.rep)
    assert client.get("/api/v1/me/").status_code == 200
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=settings.CATALYST["API_TOKEN_DAYS"], seconds=5)
    with freeze_time(later):
        assert client.get("/api/v1/me/").status_code == 401


@pytest.mark.django_db(transaction=True)  # writes really commit, as in production
def test_a_deactivated_account_is_refused(org):
    client = token_client(org.rep)
    assert client.get("/api/v1/me/").status_code == 200
    User.objects.filter(pk=org.rep.user_id).update(is_active=False)
    assert client.get("/api/v1/me/").status_code == 401


@pytest.mark.django_db(transaction=True)  # writes really commit, as in production
def test_a_signed_out_session_is_sent_to_sign_in(org):
    DevelopmentPlanFactory(person=org.rep)
    client = page_client(org.rep, visit="/plans/mine/")
    assert client.get("/plans/mine/").status_code == 200
    stolen_cookie = client.cookies["sessionid"].value
    client.logout()
    replay = Client()
    replay.cookies["sessionid"] = stolen_cookie
    response = replay.get("/plans/mine/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_session_that_expired_is_not_served_even_with_nothing_written(org, settings, today):
    settings.CATALYST_RESPONSE_CACHE_SECONDS = 3600  # so only the session's own expiry can refuse it
    settings.SESSION_COOKIE_AGE = 120
    DevelopmentPlanFactory(person=org.rep)
    morning = datetime.datetime.combine(today, datetime.time(9), tzinfo=datetime.UTC)
    with freeze_time(morning):
        client = page_client(org.rep, visit="/plans/mine/")
        assert client.get("/plans/mine/").status_code == 200
    with freeze_time(morning + datetime.timedelta(minutes=10)):
        response = client.get("/plans/mine/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_another_day_is_computed_afresh(org, settings, today):
    settings.CATALYST_RESPONSE_CACHE_SECONDS = 7 * 24 * 3600  # so only the change of day can refuse it
    client = token_client(org.rep)
    client.get("/api/v1/me/")
    with freeze_time(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(12))):
        with mock.patch("people.response_cache._replay", side_effect=AssertionError("served yesterday's answer")):
            assert client.get("/api/v1/me/").status_code == 200


def test_a_page_with_a_message_waiting_is_never_served_from_the_cache(org):
    DevelopmentPlanFactory(person=org.rep)
    client = page_client(org.rep, visit="/plans/mine/")
    client.get("/plans/mine/")
    assert len(stored_answers()) == 1
    client.cookies["messages"] = "pending"
    with mock.patch("people.response_cache._replay", side_effect=AssertionError("served a cached page")):
        assert client.get("/plans/mine/").status_code == 200


def test_a_form_on_a_cached_page_still_posts(org):
    """The page carries a CSRF token for the reader's own CSRF cookie, so it stays valid."""
    plan = DevelopmentPlanFactory(person=org.rep)
    milestone = MilestoneFactory(plan=plan, status=MilestoneStatus.PLANNED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.rep.user)
    client.get("/plans/mine/")
    page = client.get("/plans/mine/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(f"/plans/milestones/{milestone.pk}/start/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.IN_PROGRESS


def test_only_successful_gets_are_kept(org):
    client = token_client(org.rep)
    assert client.get("/api/v1/plans/999999/").status_code == 404
    assert client.get("/api/v1/notifications/?page_size=0").status_code == 400
    assert stored_answers() == []


def test_a_forced_or_anonymous_caller_is_never_cached(org, api):
    api.as_person(org.rep).get("/api/v1/me/")
    APIClient().get("/api/v1/me/")
    assert stored_answers() == []


def test_credentials_never_appear_in_the_cache(org):
    client = token_client(org.rep)
    client.get("/api/v1/me/")
    assert len(stored_answers()) == 1
    token = Token.objects.get(user=org.rep.user).key
    assert not [key for key in cache._cache if token in key]


def test_the_admin_people_list_is_cached_per_hr_reader(org, django_assert_max_num_queries):
    client = page_client(org.hr, visit="/admin/people/person/")
    first = client.get("/admin/people/person/")
    assert first.status_code == 200
    assert b"Ava Rep" in first.content
    with django_assert_max_num_queries(0):
        assert client.get("/admin/people/person/").content == first.content
    assert page_client(org.rep).get("/admin/people/person/").status_code == 302  # not HR: still refused


def test_a_broken_cache_only_costs_speed(org):
    client = token_client(org.rep)
    with mock.patch.object(response_cache.cache, "get_many", side_effect=ConnectionError("cache down")):
        assert client.get("/api/v1/me/").json()["id"] == org.rep.id
    with mock.patch.object(response_cache.cache, "incr", side_effect=ConnectionError("cache down")):
        response_cache.forget_all()  # logged, not raised


def test_switched_off_nothing_is_kept(org, settings):
    settings.CATALYST_RESPONSE_CACHE_SECONDS = 0
    client = token_client(org.rep)
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/me/")
    assert len(queries) >= 1
    assert stored_answers() == []


def test_operators_can_forget_every_answer_after_editing_the_database_by_hand(org):
    from django.core.management import call_command

    client = token_client(org.rep)
    assert client.get("/api/v1/me/").json()["full_name"] == "Ava Rep"
    with connection.cursor() as cursor:  # the test's transaction never commits: as unseen as psql
        cursor.execute("UPDATE people_person SET full_name = %s WHERE id = %s", ["Ava Renamed", org.rep.id])
    assert client.get("/api/v1/me/").json()["full_name"] == "Ava Rep"
    call_command("forget_cached_answers", stdout=io.StringIO())
    assert client.get("/api/v1/me/").json()["full_name"] == "Ava Renamed"


def test_the_write_watch_survives_a_connection_opened_inside_another_wrapper():
    def other(execute, sql, params, many, context):
        return execute(sql, params, many, context)

    connection.execute_wrappers.remove(response_cache._watch_writes)  # as before a thread's first connection
    with connection.execute_wrapper(other):
        response_cache._watch(None, connection)  # what connection_created does when it connects in here
    assert connection.execute_wrappers == [response_cache._watch_writes]


@pytest.mark.django_db(transaction=True)
def test_a_process_with_caching_off_still_tells_the_others(settings):
    """A worker started with CATALYST_RESPONSE_CACHE_SECONDS=0 writes; web processes that cache must hear of it."""
    settings.CATALYST_RESPONSE_CACHE_SECONDS = 0
    response_cache.forget_all()
    before = generation()
    PersonFactory()
    assert generation() > before
