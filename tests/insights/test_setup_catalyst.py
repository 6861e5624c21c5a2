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


def test_the_first_hr_person_gets_a_link_sets_a_password_and_reaches_the_admin(client):
    output = run("--hr-username", "hana", "--hr-email", "hana@example.com", "--hr-name", "Hana Hr")
    assert "emailed hana@example.com" in output
    hana = Person.objects.get(user__username="hana")
    assert hana.user.groups.filter(name=HR_GROUP_NAME).exists() and hana.user.is_staff
    assert not hana.user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hana@example.com"]
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]

    form = client.get(path, follow=True)
    assert form.status_code == 200
    response = client.post(form.redirect_chain[-1][0], {"new_password1": "a-long-new-passphrase-41",
                                                        "new_password2": "a-long-new-passphrase-41"})
    assert response.status_code == 302
    signed_in = client.post("/accounts/login/", {"username": "hana", "password": "a-long-new-passphrase-41"})
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200

    assert "already exists" in run("--hr-username", "hana", "--hr-email", "hana@example.com")
    assert len(mail.outbox) == 1  # nothing sent twice


def test_the_hr_options_go_together():
    with pytest.raises(CommandError, match="together"):
        run("--hr-username", "hana")
