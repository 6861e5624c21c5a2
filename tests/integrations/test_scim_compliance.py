"""The outside SCIM compliance checker, scim2-tester, run against the running server (live_server).

Its findings are at zero except the ones below, each a decision Catalyst made and documented
(docs/operations.md, integrations/scim/services.py). Anything new it finds fails this test.
"""
import random
from collections import Counter

import pytest

pytest.importorskip("scim2_tester", reason="CI's tools (requirements-ci.txt)")

from httpx2 import Client  # noqa: E402
from scim2_client.engines.httpx2 import SyncSCIMClient  # noqa: E402
from scim2_tester import Status, check_server  # noqa: E402

from integrations.services import integration_token_create  # noqa: E402
from people.models import Person, PersonStatus  # noqa: E402

#: (check, the start of its reason) → why Catalyst answers so.
EXPLAINED = {
    ("object_deletion", "User[EnterpriseUser] object with id"):
        "Catalyst never deletes a person: DELETE offboards them (alumni keep their history and their "
        "sign-in), so the user is still there afterwards, with active false.",
    ("check_add_attribute", "PATCH modify() returned unexpected value for 'name'"):
        "Catalyst keeps one full name. name.givenName and name.familyName are accepted and published "
        "as writeOnly/returned never (RFC 7643 §7); the checker writes the whole name and expects them back.",
    ("check_replace_attribute", "PATCH modify() returned unexpected value for 'name'"):
        "The same as above, for a replace.",
    ("check_add_attribute", "PATCH modify() returned unexpected value for 'emails'"):
        "Catalyst keeps one address per person; emails.type and emails.primary are accepted and published "
        "as writeOnly/returned never; the checker expects them back.",
    ("check_replace_attribute", "PATCH modify() returned unexpected value for 'emails'"):
        "The same as above, for a replace.",
    ("check_remove_attribute", "Failed to remove attribute 'name'"):
        "Everyone in Catalyst has a name: removing it is refused (400 mutability); replacing it works.",
    ("check_remove_attribute", "Failed to remove attribute 'active'"):
        "Offboarding is an explicit active false; removing active is refused (400 mutability) so that "
        "no ambiguous operation offboards anyone.",
}


def _explained(result) -> tuple[str, str] | None:
    for title, reason in EXPLAINED:
        if result.title == title and (result.reason or "").startswith(reason):
            return title, reason
    return None


@pytest.mark.django_db(transaction=True)
def test_scim2_tester_finds_nothing_but_the_explained_decisions(live_server, settings):
    settings.AXES_ENABLED = False
    token = integration_token_create(actor=None, name="compliance checker", scope="scim").plaintext
    random.seed(15)  # the checker fills attributes with random values: the same run every time
    with Client(base_url=f"{live_server.url}/scim/v2", headers={"Authorization": f"Bearer {token}"}) as http:
        results = check_server(SyncSCIMClient(http))

    assert sum(result.status == Status.SUCCESS for result in results) >= 40
    findings = [result for result in results if result.status not in (Status.SUCCESS, Status.SKIPPED)]
    unexplained = [f"{result.title}: {result.reason}" for result in findings if _explained(result) is None]
    assert not unexplained
    assert Counter(_explained(result) for result in findings) == Counter(list(EXPLAINED))
    # What the checker deleted was offboarded, not deleted.
    assert Person.objects.filter(status=PersonStatus.ALUMNI).exists()
