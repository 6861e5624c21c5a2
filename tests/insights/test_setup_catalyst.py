"""`manage.py setup_catalyst` prepares a real organisation's database: no demo users, and a working HR role."""
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command

from coaching.models import CadencePolicy
from people.models import HR_GROUP_NAME, Person, Skill

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args) -> str:
    out = StringIO()
    call_command("setup_catalyst", *args, stdout=out)
    return out.getvalue()


def test_it_prepares_an_empty_database_and_a_second_run_changes_nothing():
    run()
    group = Group.objects.get(name=HR_GROUP_NAME)
    assert group.permissions.filter(codename="change_person").exists()
    assert CadencePolicy.objects.count() == 3
    skills = Skill.objects.count()
    assert skills > 0
    assert not Person.objects.exists()  # no demo users
    permissions = group.permissions.count()

    run()
    assert Group.objects.filter(name=HR_GROUP_NAME).count() == 1 and group.permissions.count() == permissions
    assert Skill.objects.count() == skills and CadencePolicy.objects.count() == 3


def test_the_first_hr_person_gets_an_invitation_sets_a_password_and_reaches_the_admin(client):
    output = run("--hr-username", "hana", "--hr-email", "hana@example.com", "--hr-name", "Hana Hr")
    assert "emailed hana@example.com an invitation" in output
    hana = Person.objects.get(user__username="hana")
    assert hana.user.groups.filter(name=HR_GROUP_NAME).exists() and hana.user.is_staff
    assert not hana.user.has_usable_password()
    assert hana.invited_at is not None and hana.invitation_accepted_at is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hana@example.com"]
    assert "/admin/" in mail.outbox[0].body  # HR is told where to bring in their people
    link = re.search(r"https?://\S+/accounts/invitation/\d+/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]

    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": "a-long-new-passphrase-41",
                                  "new_password2": "a-long-new-passphrase-41"}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/" and response.status_code == 200  # signed in, at HR's home
    client.post("/accounts/logout/")
    signed_in = client.post("/accounts/login/", {"username": "hana", "password": "a-long-new-passphrase-41"})
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get(path).status_code == 410  # the invitation worked once

    assert "already exists" in run("--hr-username", "hana", "--hr-email", "hana@example.com")
    assert len(mail.outbox) == 1  # nothing sent twice


def test_the_hr_options_go_together():
    with pytest.raises(CommandError, match="together"):
        run("--hr-username", "hana")
