"""Erasure on request scrubs every copy of the person's name and email, in every table.

The organisation is the demo's. Ava Chen appears everywhere a colleague of hers would leave a
trace: her plan and its history, 1:1 notes, agenda and action items (hers and other people's),
a mentorship, a flight-risk note, her manager's inbox and Monday digest, the admin's log, an
export's filters, the sign-in logs, the alumni network, and two leavings (she came back once) with
free-text reasons naming her. After erasure the whole database is read back, table by table and
column by column as the database itself lists them, and nothing may still name her.
"""
from __future__ import annotations

import datetime
import json
import re
import urllib.parse
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from alumni.models import ErasureRecord, OffboardingRecord
from alumni.services import (
    alumni_contribution_record,
    alumni_profile_update,
    alumnus_anonymise,
    anonymous_name,
    person_offboard,
    person_rehire,
)
from coaching import reminders as coaching_reminders
from coaching.models import CoachingSession, SessionKind, SessionStatus
from coaching.services import action_item_add, agenda_item_add, mentorship_create, observation_create, session_create
from common.time import organisation_today
from devplans import reminders as devplans_reminders
from devplans.models import DevelopmentPlan, Milestone, MilestoneStatus
from devplans.services import milestone_submit, plan_archive
from notifications.models import CalendarFeed, Notification
from people import erasure
from people.models import DataExportRecord, Person
from tests.factories import PersonFactory
from tests.factories.devplans import DevelopmentPlanFactory

pytestmark = pytest.mark.django_db

FORMER_COLLEAGUE = "former colleague"


# --- reading the whole database back -------------------------------------------------------------

def _text_columns(cursor, table: str) -> list[str]:
    """The columns of `table` that can hold text, as the database describes them."""
    introspection = connection.introspection
    columns = []
    for column in introspection.get_table_description(cursor, table):
        try:
            field_type = introspection.get_field_type(column.type_code, column)
        except KeyError:
            field_type = "TextField"  # a type Django does not map: read it rather than miss it
        if field_type in {"CharField", "TextField", "JSONField", "EmailField", "SlugField", "URLField",
                          "GenericIPAddressField", "BinaryField"}:
            columns.append(column.name)
    return columns


def _as_text(value) -> str:
    if isinstance(value, memoryview | bytes):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def database_mentions(*, phrases: list[str], words: list[str]) -> list[str]:
    """Every `table.column` whose text contains one of `phrases` (any case) or `words` (as written).

    Both match whole words only, so "Ava" is not found in "available". URL-encoded and JSON-escaped
    spellings count too. Session rows are signed blobs: they are decoded and read as well.
    """
    variants = set()
    for phrase in phrases:
        variants |= {phrase, urllib.parse.quote(phrase, safe=""), urllib.parse.quote_plus(phrase),
                     json.dumps(phrase)[1:-1]}
    patterns = [re.compile(rf"(?<!\w){re.escape(v)}(?!\w)", re.IGNORECASE) for v in variants]
    patterns += [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)") for w in words]

    store = Session.get_session_store_class()()
    hits = []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        assert len(tables) > 40, tables  # the scan reads the real schema, not a short list
        for table in sorted(tables):
            columns = _text_columns(cursor, table)
            if not columns:
                continue
            quoted = ", ".join(connection.ops.quote_name(name) for name in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from introspection)
            for row in cursor.fetchall():
                for name, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = _as_text(value)
                    if table == Session._meta.db_table and name == "session_data":
                        text = json.dumps(store.decode(text), ensure_ascii=False, default=str)
                    for pattern in patterns:
                        match = pattern.search(text)
                        if match:
                            hits.append(f"{table}.{name}: …{text[max(0, match.start() - 30):match.end() + 30]}…")
                            break
    return hits


# --- an organisation where Ava Chen left traces everywhere ---------------------------------------

@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)
    return {person.user.username: person for person in Person.objects.select_related("user")}


@pytest.fixture
def ava_everywhere(demo, django_capture_on_commit_callbacks):
    """Ava Chen (top performer, marco's report) works, leaves, comes back, leaves again."""
    people = demo
    ava, ben, marco, hana, olga = (people[name] for name in ("ava", "ben", "marco", "hana", "olga"))
    today = organisation_today()
    now = timezone.now()
    assert (ava.full_name, ava.email, ava.user.username) == ("Ava Chen", "ava@catalyst.example", "ava")
    assert (ava.user.first_name, ava.user.last_name) == ("Ava", "Chen")

    # Signing in: a mistyped password, then a good one (the sign-in logs keep the username).
    Client().post("/accounts/login/", {"username": "ava", "password": "wrong"})
    signed_in = Client()
    signed_in.post("/accounts/login/", {"username": "ava", "password": "demo"})

    # Coaching: notes about her in her own 1:1s and in Ben's, agenda and action items quoting her.
    with django_capture_on_commit_callbacks(execute=True):
        own = session_create(
            actor=marco, coachee=ava, kind=SessionKind.MONTHLY_DEEP_DIVE, scheduled_at=now + datetime.timedelta(days=3),
            shared_notes="Ava leads the Northwind briefing.", private_notes="Ava Chen asked about vesting; keep close.",
        )
        agenda_item_add(actor=ava, session=own, text="Ava: what is missing for the strategic role?")
        bens = session_create(
            actor=marco, coachee=ben, kind=SessionKind.WEEKLY_1ON1, scheduled_at=now + datetime.timedelta(days=2),
            shared_notes="Shadow Ava Chen on the Fabrikam calls; her deck is with ava@catalyst.example.",
        )
        agenda_item_add(actor=ben, session=bens, text="Debrief Ava Chen's Northwind playbook")
        action_item_add(actor=marco, session=bens, text="Ask AVA CHEN for the pricing section")
        observation_create(actor=marco, person=ava, kind="vesting_questions", note="Ava asked twice about her cliff.")
        mentorship_create(actor=marco, mentor=ava, mentee=ben, start_date=today,
                          goals="Learn Ava's discovery style; Ava Chen reviews one call a week.")

        # Plans: she hands in a milestone (her manager is told), the sweeps and the digest name her.
        course = Milestone.objects.get(plan__person=ava, title="Executive presence course")
        milestone_submit(actor=ava, milestone=course, evidence="Ava Chen completed all four modules.")
        bens_plan = DevelopmentPlanFactory(person=ben, target_role=None, created_by=marco)
        plan_archive(actor=marco, plan=bens_plan, reason="merged into Ava Chen's pilot")
    coaching_reminders.sweep(on=today, digest=True, email="none")
    devplans_reminders.sweep(on=today, email="none")
    assert Notification.objects.filter(recipient=marco, title__contains="Ava Chen").exists()
    assert Notification.objects.filter(recipient=marco, body__contains="Ava Chen").exists()  # the digest
    assert Notification.objects.filter(recipient=ava).exists()
    CalendarFeed.objects.get_or_create(person=ava)

    # The admin: HR corrected her record; an export was filtered by her name.
    LogEntry.objects.log_actions(user_id=hana.user_id, queryset=[ava], action_flag=CHANGE,
                                 change_message=f"Corrected the email to {ava.email}")
    LogEntry.objects.log_actions(user_id=hana.user_id, queryset=[DevelopmentPlan.objects.filter(person=ava).first()],
                                 action_flag=CHANGE, change_message="[]")
    DataExportRecord.objects.create(user=hana.user, model="people.Person", file_format="csv", row_count=1,
                                    filters="q=Ava+Chen&status=active")

    # She leaves, saying why in her own words; her new hire moves to marco; the network records what she brings.
    new_hire = PersonFactory(full_name="Noor Haddad", manager=ava, user__username="noor")
    person_offboard(actor=hana, person=ava, left_on=today - datetime.timedelta(days=30),
                    reason="Ava Chen joins Globex as VP Sales", new_manager=marco)
    # Her report's history says why their manager changed without naming her (nothing to scrub later).
    moved = new_hire.history.filter(history_change_reason__startswith="Their manager left").get()
    assert "Ava" not in moved.history_change_reason
    ava.refresh_from_db()
    alumni_profile_update(actor=ava, person=ava, current_company="Globex", current_title="VP Sales",
                          public_contact="ava@catalyst.example", location="Seattle")
    alumni_contribution_record(actor=hana, alumnus=ava, kind="referral", occurred_on=today - datetime.timedelta(days=25),
                               value=Decimal("0"), description="Ava Chen referred a senior AE.")
    alumni_contribution_record(actor=hana, alumnus=olga, kind="client_opportunity", occurred_on=today,
                               value=Decimal("50000"), description="Olga and Ava Chen brought in Globex.")
    # A boomerang: back, then gone again (the re-hire record keeps the first reason).
    person_rehire(actor=hana, person=ava, rehired_on=today - datetime.timedelta(days=20), manager=marco)
    ava.refresh_from_db()
    person_offboard(actor=hana, person=ava, left_on=today - datetime.timedelta(days=5),
                    reason="Ava leaves again: Ava Chen starts at Initech")
    ava.refresh_from_db()
    assert "Ava Chen" in json.dumps(OffboardingRecord.objects.get(person=ava, action="rehired").summary)

    before = database_mentions(phrases=["Ava Chen", "ava", "ava@catalyst.example"], words=["Ava", "Chen"])
    assert len(before) > 20, before  # she really is everywhere before erasure

    with django_capture_on_commit_callbacks(execute=True):
        record = alumnus_anonymise(actor=hana, person=ava, requested_on=today,
                                   note="Asked by email from ava@catalyst.example")
    return {"ava": ava, "marco": marco, "record": record, "bens_session": bens}


# --- the tests -------------------------------------------------------------------------------------

def test_after_erasure_no_text_column_of_any_table_names_her(ava_everywhere):
    hits = database_mentions(phrases=["Ava Chen", "ava", "ava@catalyst.example"], words=["Ava", "Chen"])
    assert hits == [], "still naming the erased person:\n" + "\n".join(hits)


def test_other_peoples_notifications_stay_with_the_name_scrubbed(ava_everywhere):
    marco, ava = ava_everywhere["marco"], ava_everywhere["ava"]
    submitted = Notification.objects.get(recipient=marco, kind="milestone_awaiting_decision",
                                         title__contains="Executive presence course")
    assert submitted.title == "A former colleague submitted “Executive presence course” for your decision"
    digest = Notification.objects.get(recipient=marco, kind="manager_digest")
    assert FORMER_COLLEAGUE in digest.body and "Chen" not in digest.body
    overdue = Notification.objects.filter(recipient=marco, subject_key=f"person:{ava.pk}")
    assert overdue.exists() and all("Ava" not in n.title for n in overdue)


def test_her_own_notifications_and_calendar_feed_are_gone(ava_everywhere):
    ava = ava_everywhere["ava"]
    assert not Notification.objects.filter(recipient=ava).exists()
    assert not CalendarFeed.objects.filter(person=ava).exists()


def test_her_history_and_her_colleagues_records_are_kept_anonymously(ava_everywhere):
    ava, bens = ava_everywhere["ava"], ava_everywhere["bens_session"]
    ava = Person.objects.get(pk=ava.pk)
    assert ava.full_name == anonymous_name(ava.pk) and ava.is_anonymised
    assert ava.history.count() > 3  # the history stays, anonymously
    session = CoachingSession.objects.get(pk=bens.pk)
    assert session.shared_notes == (
        "Shadow a former colleague on the Fabrikam calls; her deck is with a former colleague."
    )
    assert session.agenda_items.get().text == "Debrief a former colleague's Northwind playbook"
    assert session.action_items.get().text == "Ask a former colleague for the pricing section"
    assert Milestone.objects.get(plan__person=ava, title="Executive presence course").status == MilestoneStatus.SUBMITTED
    records = OffboardingRecord.objects.filter(person=ava)
    assert records.count() == 3 and all(record.reason == "" for record in records)
    assert records.get(action="rehired").summary["previous_leaving_reason"] == ""
    assert ErasureRecord.objects.get(person=ava).note == "Asked by email from a former colleague"


def test_a_namesake_keeps_her_name_and_a_lone_first_name_about_her_stays(demo):
    """Another Ava works here: her name is hers, and a lone "Ava" in a third person's note may mean
    either of them, so only full names are scrubbed outside the erased person's own records."""
    ava, ben, marco, hana = (demo[name] for name in ("ava", "ben", "marco", "hana"))
    namesake = PersonFactory(full_name="Ava Novak", manager=marco)
    session = CoachingSession.objects.create(
        coach=marco, coachee=ben, kind=SessionKind.WEEKLY_1ON1, scheduled_at=timezone.now(), duration_minutes=30,
        status=SessionStatus.HELD, shared_notes="Ava will join; Ava Chen and Ava Novak split the accounts.",
    )
    today = organisation_today()
    person_offboard(actor=hana, person=ava, left_on=today, reason="Leaving")
    alumnus_anonymise(actor=hana, person=ava, requested_on=today)

    assert Person.objects.get(pk=namesake.pk).full_name == "Ava Novak"
    session.refresh_from_db()
    assert session.shared_notes == "Ava will join; a former colleague and Ava Novak split the accounts."


def test_a_failing_erasure_step_erases_nothing(demo, monkeypatch):
    ava, hana = demo["ava"], demo["hana"]
    today = organisation_today()
    person_offboard(actor=hana, person=ava, left_on=today, reason="Ava Chen leaves")

    def broken(*, person, redaction):
        raise RuntimeError("the disk is full")

    monkeypatch.setitem(erasure._steps, "zz_broken", erasure.Step("zz_broken", broken))
    with pytest.raises(RuntimeError):
        alumnus_anonymise(actor=hana, person=ava, requested_on=today)
    ava.refresh_from_db()
    assert ava.full_name == "Ava Chen" and not ava.is_anonymised
    assert OffboardingRecord.objects.get(person=ava).reason == "Ava Chen leaves"
    assert Notification.objects.filter(title__contains="Ava Chen").exists() or not Notification.objects.exists()


def test_erasure_steps_are_registered_by_their_apps():
    assert {"notifications", "devplans", "coaching"} <= {step.name for step in erasure.erasure_steps()}
