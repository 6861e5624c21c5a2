"""Invitations: HR invites, the person follows the one-time link, chooses a password and is signed in."""
import datetime
import io
import re
import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from people.models import Person, PersonStatus
from people.services import person_invite
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Quarterly-pipeline-review-77"
LINK = re.compile(r"https?://[^/\s]+(/accounts/invitation/\d+/[0-9a-f]+/)")


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def sign_in(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def invite(person, *, actor, capture) -> str:
    """Invite `person` as `actor`, run the after-commit email, and return the link's path."""
    sent = len(mail.outbox)
    with capture(execute=True):
        person_invite(actor=actor, person=person)
    assert len(mail.outbox) == sent + 1
    return link_in(mail.outbox[-1])


def set_password(client: Client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, {"new_password1": password, "new_password2": password})


@pytest.fixture
def newcomer(db):
    """Someone imported who cannot sign in yet: an email, and no usable password."""
    person = PersonFactory(full_name="Nina New", user__username="nina", email="nina@example.com")
    person.user.set_unusable_password()
    person.user.save(update_fields=["password"])
    return person


def test_a_person_imported_with_send_invitations_sets_a_password_and_lands_signed_in_at_home(
    client, org, django_capture_on_commit_callbacks,
):
    client.force_login(org.hr.user)
    csv_text = (
        "username,full_name,email,title,manager\n"
        "zoe,Zoe Park,zoe@example.com,Account Executive,t_marco\n"
        "yan,Yan Wu,,Account Executive,t_marco\n"
    )
    upload = io.BytesIO(csv_text.encode())
    upload.name = "people.csv"
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/admin/people/person/import-csv/", {"file": upload, "send_invitations": "on"})
    assert page.status_code == 200
    assert "Invited 1 person to set a password by email." in page.content.decode()
    assert "Imported, but not invited: Yan Wu has no email address" in page.content.decode()
    assert "1 person imported but not invited" in page.content.decode()
    assert "rows were not imported" not in page.content.decode()  # Yan is in, just not invited

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["zoe@example.com"] and "choose your password" in email.subject.lower()
    assert "zoe" in email.body and "Hana HR has invited you" in email.body
    path = link_in(email)
    client.logout()

    form = client.get(path)
    assert form.status_code == 200 and "Welcome to Catalyst, Zoe Park" in form.content.decode()

    landed = set_password(client, path)
    assert landed.status_code == 302 and landed["Location"] == "/"
    home = client.get("/", follow=True)
    assert home.redirect_chain[-1][0] == "/plans/mine/" and home.status_code == 200
    assert "Zoe Park" in home.content.decode()  # signed in: the top bar names her

    zoe = Person.objects.get(user__username="zoe")
    assert zoe.invited_by == org.hr and zoe.invitation_accepted_at is not None

    client.post("/accounts/logout/")
    assert sign_in(Client(), "zoe", NEW_PASSWORD).status_code == 302  # the password works for a fresh sign-in

    again = Client().get(path)  # the link worked once
    assert again.status_code == 410 and "already been used" in again.content.decode()


def test_a_weak_password_is_refused_by_django_validators_and_the_link_still_works(client, org, newcomer,
                                                                                  django_capture_on_commit_callbacks):
    path = invite(newcomer, actor=org.hr, capture=django_capture_on_commit_callbacks)
    for weak, why in [("12345678", "entirely numeric"), ("short", "too short"), ("password", "too common")]:
        response = set_password(client, path, weak)
        assert response.status_code == 200 and why in response.content.decode()
    mismatch = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 200 and "didn’t match" in mismatch.content.decode()
    newcomer.refresh_from_db()
    newcomer.user.refresh_from_db()
    assert not newcomer.user.has_usable_password() and newcomer.invitation_accepted_at is None
    assert "_auth_user_id" not in client.session
    assert set_password(client, path).status_code == 302


def test_inviting_again_voids_the_earlier_link(client, org, newcomer, django_capture_on_commit_callbacks):
    first = invite(newcomer, actor=org.hr, capture=django_capture_on_commit_callbacks)
    second = invite(newcomer, actor=org.hr, capture=django_capture_on_commit_callbacks)
    assert first != second

    old = client.get(first)
    assert old.status_code == 400 and "replaced by a newer invitation" in old.content.decode()
    assert "Ask HR for a new invitation" in old.content.decode()
    assert set_password(client, first).status_code == 400
    newcomer.user.refresh_from_db()
    assert not newcomer.user.has_usable_password()

    assert set_password(client, second).status_code == 302
    history = list(newcomer.history.values_list("history_change_reason", flat=True))
    assert "Invited again (the earlier link no longer works)" in history and "Accepted the invitation" in history


@pytest.mark.parametrize("days", [7, 2])
def test_the_link_expires_after_catalyst_invite_days(client, org, newcomer, settings, days,
                                                     django_capture_on_commit_callbacks):
    if days != 7:
        settings.CATALYST = {**settings.CATALYST, "INVITE_DAYS": days}
    start = timezone.now()
    with freeze_time(start):
        path = invite(newcomer, actor=org.hr, capture=django_capture_on_commit_callbacks)
    with freeze_time(start + datetime.timedelta(days=days) - datetime.timedelta(minutes=1)):
        assert client.get(path).status_code == 200
    with freeze_time(start + datetime.timedelta(days=days, minutes=1)):
        expired = client.get(path)
        assert expired.status_code == 410
        assert "expired" in expired.content.decode() and f"last {days} days" in expired.content.decode()
        assert set_password(client, path).status_code == 410
    newcomer.refresh_from_db()
    newcomer.user.refresh_from_db()
    assert not newcomer.user.has_usable_password() and newcomer.invitation_accepted_at is None


def test_forged_links_are_refused_and_change_nothing(client, org, newcomer, django_capture_on_commit_callbacks):
    path = invite(newcomer, actor=org.hr, capture=django_capture_on_commit_callbacks)
    person_id, token = path.rstrip("/").split("/")[-2:]
    other = org.rep
    forged = [
        f"/accounts/invitation/{person_id}/{'0' * len(token)}/",  # a made-up signature
        f"/accounts/invitation/{person_id}/{token[:-1]}/",  # copied incompletely
        f"/accounts/invitation/{other.pk}/{token}/",  # someone else's id with this signature
        f"/accounts/invitation/999999/{token}/",  # nobody
    ]
    for url in forged:
        page = client.get(url)
        assert page.status_code == 400, url
        assert "not valid" in page.content.decode() and "Ask HR for a new invitation" in page.content.decode()
        assert set_password(client, url).status_code == 400
    other.user.refresh_from_db()
    newcomer.user.refresh_from_db()
    assert other.user.check_password("secret-pass-123") and not newcomer.user.has_usable_password()
    assert "_auth_user_id" not in client.session


def test_correcting_the_email_address_voids_a_link_sent_to_the_old_one(client, org, newcomer,
                                                                      django_capture_on_commit_callbacks):
    from people.services import person_update

    path = invite(newcomer, actor=org.hr, capture=django_capture_on_commit_callbacks)
    person_update(actor=org.hr, person=newcomer, email="nina.new@example.com")
    assert client.get(path).status_code == 400
    assert set_password(client, path).status_code == 400
    newcomer.user.refresh_from_db()
    assert not newcomer.user.has_usable_password()
    fresh = invite(Person.objects.get(pk=newcomer.pk), actor=org.hr, capture=django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["nina.new@example.com"] and client.get(fresh).status_code == 200


def test_someone_who_left_after_being_invited_cannot_use_the_link(client, org, newcomer,
                                                                 django_capture_on_commit_callbacks):
    path = invite(newcomer, actor=org.hr, capture=django_capture_on_commit_callbacks)
    Person.objects.filter(pk=newcomer.pk).update(status=PersonStatus.ALUMNI)
    assert client.get(path).status_code == 410
    assert set_password(client, path).status_code == 410


def test_the_api_invites_and_answers_200_with_when_the_link_expires(api, org, newcomer,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_person(org.hr).post(f"/api/v1/people/{newcomer.pk}/invite/")
    assert response.status_code == 200
    body = response.json()
    assert body["person"] == newcomer.pk and body["email"] == "nina@example.com"
    invited_at = datetime.datetime.fromisoformat(body["invited_at"])
    assert datetime.datetime.fromisoformat(body["expires_at"]) - invited_at == datetime.timedelta(days=7)
    assert [message.to for message in mail.outbox] == [["nina@example.com"]]


def test_only_hr_invites_and_people_out_of_sight_are_404(api, org, newcomer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert api.as_person(org.manager).post(f"/api/v1/people/{org.rep.pk}/invite/").status_code == 403
        assert api.as_person(org.rep).post(f"/api/v1/people/{org.rep.pk}/invite/").status_code == 403
        assert api.as_person(org.rep).post(f"/api/v1/people/{org.other_rep.pk}/invite/").status_code == 404
        assert api.as_person(None).post(f"/api/v1/people/{org.rep.pk}/invite/").status_code == 401
    assert mail.outbox == []
    assert not Person.objects.filter(invited_at__isnull=False).exists()


def test_no_email_alumni_and_erased_people_are_refused_with_a_clear_message(api, org, django_capture_on_commit_callbacks):
    no_email = PersonFactory(full_name="Noel Noaddress", email="")
    alumnus = PersonFactory(full_name="Ola Left", alumnus=True)
    erased = PersonFactory(full_name="Former colleague 12", alumnus=True, is_anonymised=True)
    hr = api.as_person(org.hr)
    with django_capture_on_commit_callbacks(execute=True):
        missing = hr.post(f"/api/v1/people/{no_email.pk}/invite/")
        left = hr.post(f"/api/v1/people/{alumnus.pk}/invite/")
        gone = hr.post(f"/api/v1/people/{erased.pk}/invite/")
    assert missing.status_code == 400 and "has no email address" in str(missing.json())
    assert left.status_code == 409 and "has left" in str(left.json())
    assert gone.status_code == 409 and "erased" in str(gone.json())
    assert mail.outbox == []
    assert not Person.objects.filter(invited_at__isnull=False).exists()


def test_a_mail_server_fault_after_the_commit_never_turns_the_invitation_into_an_error(
    api, org, newcomer, monkeypatch, caplog, django_capture_on_commit_callbacks,
):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise smtplib.SMTPConnectError(421, "mail server away")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_person(org.hr).post(f"/api/v1/people/{newcomer.pk}/invite/")
    assert response.status_code == 200
    newcomer.refresh_from_db()
    assert newcomer.invited_at is not None  # committed: HR can see it and invite again once mail works
    assert "Could not send 1 invitation email" in caplog.text


def test_the_admin_invites_many_and_says_who_was_not_invited(client, org, newcomer, django_capture_on_commit_callbacks):
    alumnus = PersonFactory(full_name="Ola Left", alumnus=True)
    no_email = PersonFactory(full_name="Noel Noaddress", email="")
    client.force_login(org.hr.user)
    changelist = client.get("/admin/people/person/")
    assert 'value="invite_action"' in changelist.content.decode()  # offered beside offboarding
    assert 'value="offboard_action"' in changelist.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/people/person/", {
            "action": "invite_action", "_selected_action": [newcomer.pk, org.rep.pk, alumnus.pk, no_email.pk],
        }, follow=True)
    text = response.content.decode()
    assert "Invited 2 people" in text
    assert "Not invited: Ola Left has left" in text and "Not invited: Noel Noaddress has no email address" in text
    assert sorted(message.to[0] for message in mail.outbox) == sorted([newcomer.email, org.rep.email])
    assert len(mail.outbox) == 2

    listing = client.get("/admin/people/person/?invitation=pending").content.decode()
    assert "Nina New" in listing and "Ola Left" not in listing
    detail = client.get(f"/admin/people/person/{newcomer.pk}/change/").content.decode()
    assert "Invitation to sign in" in detail and "Hana HR" in detail

    set_password(Client(), link_in(next(m for m in mail.outbox if m.to == [newcomer.email])))
    accepted = client.get("/admin/people/person/?invitation=accepted").content.decode()
    assert "Nina New" in accepted and "Accepted " in accepted


def test_people_outside_hr_get_no_invite_action(client, org):
    org.manager.user.is_staff = True
    org.manager.user.save(update_fields=["is_staff"])
    from django.contrib.auth.models import Permission

    org.manager.user.user_permissions.add(*Permission.objects.filter(codename__in=["view_person", "change_person"]))
    client.force_login(org.manager.user)
    page = client.get("/admin/people/person/")
    assert 'value="invite_action"' not in page.content.decode()


def test_the_import_without_send_invitations_sends_nothing(client, org, django_capture_on_commit_callbacks):
    client.force_login(org.hr.user)
    upload = io.BytesIO(b"username,full_name,email\nzoe,Zoe Park,zoe@example.com\n")
    upload.name = "people.csv"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/people/person/import-csv/", {"file": upload})
    assert mail.outbox == []
    assert Person.objects.get(user__username="zoe").invited_at is None


def test_importing_the_file_again_does_not_void_links_already_sent(org, django_capture_on_commit_callbacks):
    from people.importing import people_import_csv

    csv_text = b"username,full_name,email\nzoe,Zoe Park,zoe@example.com\n"
    with django_capture_on_commit_callbacks(execute=True):
        first = people_import_csv(actor=org.hr, file=io.BytesIO(csv_text), send_invitations=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = people_import_csv(actor=org.hr, file=io.BytesIO(csv_text), send_invitations=True)
    assert (first.invited, second.invited) == (1, 0)
    assert len(mail.outbox) == 1
    assert Client().get(link_in(mail.outbox[0])).status_code == 200


def test_the_link_is_masked_in_logs():
    from common.logging import loggable_path

    assert loggable_path("/accounts/invitation/12/0123456789abcdef0123456789abcdef01234567/") == (
        "/accounts/invitation/12/[masked]/"
    )


def test_two_accepts_at_once_set_the_password_once(org, newcomer, django_capture_on_commit_callbacks):
    from people.invitations import InvitationLinkRefused
    from people.services import invitation_accept

    path = invite(newcomer, actor=org.hr, capture=django_capture_on_commit_callbacks)
    person_id, token = path.rstrip("/").split("/")[-2:]
    invitation_accept(person_id=int(person_id), token=token, password=NEW_PASSWORD)
    with pytest.raises(InvitationLinkRefused):
        invitation_accept(person_id=int(person_id), token=token, password="Another-long-passphrase-3")
    assert get_user_model().objects.get(pk=newcomer.user_id).check_password(NEW_PASSWORD)
