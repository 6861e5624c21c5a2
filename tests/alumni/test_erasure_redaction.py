"""What erasure counts as a mention of the person, and what it writes instead."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alumni.services import alumnus_anonymise
from notifications.models import Notification
from people.erasure import redaction_for
from tests.factories import NotificationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zoe(db):
    return PersonFactory(full_name="Zoë Marchetti", user__username="zmarchetti", user__email="zoe.m@example.com",
                         user__first_name="Zoë", user__last_name="Marchetti", alumnus=True)


def test_whole_words_only_and_any_case_for_the_full_name_and_address(zoe):
    redaction = redaction_for(zoe)
    assert redaction.scrub("Ask ZOË MARCHETTI or zoe.m@example.com; see ?q=Zo%C3%AB+Marchetti") == (
        "Ask a former colleague or a former colleague; see ?q=a former colleague"
    )
    assert redaction.scrub("Marchettis and Zoëtrope are other words; zmarchetti2 is another login") == (
        "Marchettis and Zoëtrope are other words; zmarchetti2 is another login"
    )


def test_a_sentence_that_starts_with_her_name_still_starts_with_a_capital(zoe):
    redaction = redaction_for(zoe)
    assert redaction.scrub("Zoë Marchetti left. Zoë's deals moved.\nMarchetti wrote it") == (
        "A former colleague left. A former colleague's deals moved.\nA former colleague wrote it"
    )


def test_json_is_scrubbed_in_every_string(zoe):
    redaction = redaction_for(zoe)
    assert redaction.scrub_value({"reason": "Zoë Marchetti left", "steps": [{"who": "zmarchetti", "n": 2}]}) == {
        "reason": "A former colleague left", "steps": [{"who": "A former colleague", "n": 2}],
    }


def test_a_first_name_someone_else_carries_is_scrubbed_only_in_her_own_records(zoe):
    PersonFactory(full_name="Zoë Adams")
    redaction = redaction_for(zoe)
    assert redaction.scrub("Zoë and Marchetti") == "Zoë and a former colleague"
    assert redaction.scrub("Zoë and Marchetti", own=True) == "A former colleague and a former colleague"


def test_a_username_that_is_a_shared_first_name_is_as_ambiguous_as_the_name(db):
    ava = PersonFactory(full_name="Ava Chen", user__username="ava", alumnus=True)
    PersonFactory(full_name="Ava Novak")
    redaction = redaction_for(ava)
    assert redaction.scrub("ava and Ava Chen") == "ava and a former colleague"
    assert redaction.scrub("ava and Ava Chen", own=True) == "A former colleague and a former colleague"


def test_a_longer_replacement_never_overflows_the_column(zoe, org):
    title = "Zo " * 62 + "Zoë Marchetti"  # 199 characters; the phrase makes it longer than the column's 200
    kept = NotificationFactory(recipient=org.manager, title=title)
    alumnus_anonymise(actor=org.hr, person=zoe, requested_on=datetime.date(2026, 12, 1))
    kept.refresh_from_db()
    assert len(kept.title) == 200 and "Marchetti" not in kept.title


def test_rows_that_do_not_mention_her_cost_no_queries(org):
    """Each table is searched with one query; only matching rows are rewritten, one UPDATE each."""

    def erase_one(name: str) -> int:
        first, last = name.split()
        person = PersonFactory(full_name=name, user__username=last.lower(), alumnus=True)
        NotificationFactory(recipient=org.manager, title=f"{name} submitted a plan")
        with CaptureQueriesContext(connection) as queries:
            alumnus_anonymise(actor=org.hr, person=person, requested_on=datetime.date(2026, 12, 1))
        return len(queries)

    few = erase_one("Quinn Albright")
    NotificationFactory.create_batch(300, recipient=org.peer, title="Your plan is due", body="Nothing about anyone.")
    many = erase_one("Rhea Castellanos")
    assert many == few
    assert Notification.objects.filter(title="A former colleague submitted a plan").count() == 2
