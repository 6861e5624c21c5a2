"""Password reset from the sign-in page: Django's views, our pages, the same answer for every address."""
import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Forecast-accuracy-matters-12"
RESET_LINK = re.compile(r"https?://[^/\s]+(/accounts/reset/\S+/\S+/)")


def ask(client: Client, email: str, **extra):
    return client.post("/accounts/password_reset/", {"email": email}, **extra)


def answer(response) -> tuple:
    """What a visitor can tell apart: the status, where it sends them, and the page they land on."""
    page = Client().get(response["Location"])
    return response.status_code, response["Location"], page.status_code, page.content


def test_the_sign_in_page_offers_forgot_your_password(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password_reset/"' in page and "Forgot your password?" in page
    form = client.get("/accounts/password_reset/")
    assert form.status_code == 200 and "Email me a link" in form.content.decode()


def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_known_one_an_email(client, org):
    known = ask(client, org.rep.email)
    unknown = ask(Client(), "nobody-here@example.com")
    assert answer(known) == answer(unknown)
    assert known["Location"] == "/accounts/password_reset/done/"
    assert [message.to for message in mail.outbox] == [[org.rep.email]]


def test_a_person_who_cannot_sign_in_yet_gets_nothing_but_the_same_answer(client, org):
    imported = PersonFactory(full_name="Ivy Imported", email="ivy@example.com")
    imported.user.set_unusable_password()
    imported.user.save(update_fields=["password"])
    assert answer(ask(client, "ivy@example.com")) == answer(ask(Client(), "nobody-here@example.com"))
    assert mail.outbox == []


def test_the_whole_reset_changes_the_password_and_the_link_then_stops_working(client, org):
    ask(client, org.rep.email.upper())  # addresses match whatever their case
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == "Reset your Catalyst password" and "t_ava" in email.body
    path = RESET_LINK.search(email.body).group(1)

    form = client.get(path, follow=True)
    assert form.status_code == 200 and "Choose a new password" in form.content.decode()
    set_url = form.redirect_chain[-1][0]  # Django moves the token out of the address first
    weak = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200 and "entirely numeric" in weak.content.decode()
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert "Your password is changed" in done.content.decode()

    assert Client().post("/accounts/login/", {"username": "t_ava", "password": NEW_PASSWORD}).status_code == 302
    used = Client().get(path, follow=True)
    assert "This link does not work any more" in used.content.decode()


def test_alumni_with_a_password_can_reset_it(client, org):
    alumnus = PersonFactory(full_name="Olga Alumna", alumnus=True, user__username="t_olga")
    ask(client, alumnus.email)
    assert [message.to for message in mail.outbox] == [[alumnus.email]]


def test_the_link_names_the_configured_site_not_the_host_the_request_named(client, org, settings):
    settings.CATALYST = {**settings.CATALYST, "SITE_URL": "https://catalyst.example.com"}
    settings.ALLOWED_HOSTS = ["*"]
    ask(client, org.rep.email, HTTP_HOST="attacker.example.net")
    assert "https://catalyst.example.com/accounts/reset/" in mail.outbox[0].body
    assert "attacker" not in mail.outbox[0].body


def test_the_form_cannot_flood_one_mailbox(client, org):
    from people.views import RESET_EMAILS_PER_ADDRESS

    answers = {answer(ask(Client(REMOTE_ADDR=f"10.0.0.{n}"), org.rep.email)) for n in range(RESET_EMAILS_PER_ADDRESS + 3)}
    assert len(answers) == 1  # the same page, sent or not
    assert len(mail.outbox) == RESET_EMAILS_PER_ADDRESS


def test_one_client_cannot_spray_many_addresses(org):
    from people.views import RESET_REQUESTS_PER_CLIENT

    people = [PersonFactory(user__email=f"rep{n}@example.com") for n in range(RESET_REQUESTS_PER_CLIENT + 2)]
    client = Client(REMOTE_ADDR="10.9.9.9")
    for person in people:
        assert ask(client, person.email).status_code == 302
    assert len(mail.outbox) == RESET_REQUESTS_PER_CLIENT
    assert len(Client(REMOTE_ADDR="10.1.1.1").post("/accounts/password_reset/", {"email": people[-1].email})
               .get("Location", "")) > 0
    assert len(mail.outbox) == RESET_REQUESTS_PER_CLIENT + 1  # another client is not held back


def test_a_bad_address_is_a_form_error_not_a_clue(client):
    response = ask(client, "not-an-address")
    assert response.status_code == 200 and "Enter a valid email address" in response.content.decode()
    assert mail.outbox == []
