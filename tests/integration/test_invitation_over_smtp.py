"""An invitation reaches a real SMTP server, and the link in the message that arrived sets the password.

A real SMTP receiver (aiosmtpd) started by the test; the live server sends to it with Django's SMTP
backend, as production does. HR invites over the API, the person follows the link from the message
as delivered, sets a password and signs in with it."""
from __future__ import annotations

import email
import os
import re
import socket
from email import policy

import pytest
import requests

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.environ.get("CATALYST_INTEGRATION") != "1", reason="set CATALYST_INTEGRATION=1"),
    pytest.mark.django_db(transaction=True),
]
LINK = re.compile(r"https?://[^/\s]+(/accounts/invitation/\d+/[0-9a-f]+/)")


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = aiosmtpd_controller.Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def csrf(session: requests.Session, url: str) -> str:
    page = session.get(url)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_an_invitation_sent_over_smtp_lets_the_person_set_a_password_and_sign_in(live_server, smtp_inbox, settings):
    from insights.setup import hr_group_ensure
    from people.services import api_token_issue
    from tests.factories import PersonFactory

    settings.AXES_ENABLED = False
    settings.CATALYST = {**settings.CATALYST, "SITE_URL": live_server.url}
    hr_group = hr_group_ensure()
    hana = PersonFactory(full_name="Hana HR", user__username="smtp_hana", user__is_staff=True)
    hana.user.groups.add(hr_group)
    zara = PersonFactory(full_name="Zara Quinn", email="zara@example.com", user__username="smtp_zara")
    zara.user.set_unusable_password()  # as the CSV import leaves people
    zara.user.save()
    key = api_token_issue(user=hana.user).key

    answer = requests.post(f"{live_server.url}/api/v1/people/{zara.pk}/invite/",
                           headers={"Authorization": f"Token {key}"}, timeout=30)
    assert answer.status_code == 200, answer.text

    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "zara@example.com"
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = LINK.search(body).group(1)

    browser = requests.Session()
    page = live_server.url + link
    response = browser.post(page, data={"csrfmiddlewaretoken": csrf(browser, page), "new_password1": "Zara-closes-24-deals",
                                        "new_password2": "Zara-closes-24-deals"}, headers={"Referer": page}, timeout=30)
    assert response.status_code == 200 and response.url.endswith("/plans/mine/"), (response.status_code, response.url)

    again = requests.Session()
    login = f"{live_server.url}/accounts/login/"
    signed_in = again.post(login, data={"csrfmiddlewaretoken": csrf(again, login), "username": "smtp_zara",
                                        "password": "Zara-closes-24-deals"}, headers={"Referer": login}, timeout=30)
    assert signed_in.url.endswith("/plans/mine/")
    assert browser.get(page, timeout=30).status_code == 410  # the link worked once
