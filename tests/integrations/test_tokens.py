import hashlib
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from integrations.models import IntegrationScope, IntegrationToken
from integrations.selectors import integration_token_find
from integrations.services import integration_token_create, integration_token_revoke

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_only_as_a_hash_of_its_secret():
    issued = integration_token_create(actor=None, name="Okta", scope=IntegrationScope.SCIM)
    token = IntegrationToken.objects.get()
    assert issued.plaintext.startswith(f"cat_{token.prefix}_")
    secret = issued.plaintext.removeprefix(f"cat_{token.prefix}_")
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = " ".join(str(value) for value in IntegrationToken.objects.values_list().get())
    history = " ".join(str(value) for value in IntegrationToken.history.values_list().get())
    assert secret not in stored and secret not in history
    assert integration_token_find(raw=issued.plaintext) == token


def test_a_wrong_secret_a_malformed_token_and_a_revoked_token_find_nothing():
    issued = integration_token_create(actor=None, name="Okta", scope=IntegrationScope.SCIM)
    prefix = issued.token.prefix
    for raw in (f"cat_{prefix}_wrong", "cat_", "cat_x", f"{prefix}", "", f"cat_{prefix}_"):
        assert integration_token_find(raw=raw) is None
    integration_token_revoke(actor=None, token=issued.token)
    assert integration_token_find(raw=issued.plaintext) is None


def test_only_hr_creates_and_revokes_tokens(org):
    with pytest.raises(PermissionDenied):
        integration_token_create(actor=org.manager, name="Okta", scope=IntegrationScope.SCIM)
    issued = integration_token_create(actor=org.hr, name="Okta", scope=IntegrationScope.SCIM)
    assert issued.token.created_by == org.hr
    with pytest.raises(PermissionDenied):
        integration_token_revoke(actor=org.rep, token=issued.token)
    integration_token_revoke(actor=org.hr, token=issued.token)
    assert IntegrationToken.history.filter(history_user=org.hr.user).count() == 2


def test_the_command_prints_the_token_once_and_stores_its_hash():
    out = StringIO()
    call_command("create_integration_token", "Okta production", "--scope", "quota-import", stdout=out, stderr=StringIO())
    plaintext = out.getvalue().strip()
    token = IntegrationToken.objects.get()
    assert (token.name, token.scope, token.created_by) == ("Okta production", "quota-import", None)
    assert integration_token_find(raw=plaintext) == token


def test_hr_creates_a_token_in_the_admin_sees_it_once_and_revokes_it(client, org, settings):
    settings.AXES_ENABLED = False
    client.force_login(org.hr.user)
    response = client.post(reverse("admin:integrations_integrationtoken_add"), {"name": "Entra ID", "scope": "scim"})
    assert response.status_code == 200
    token = IntegrationToken.objects.get()
    plaintext = response.context["plaintext"]
    assert plaintext in response.content.decode()
    assert integration_token_find(raw=plaintext) == token

    listing = client.get(reverse("admin:integrations_integrationtoken_changelist")).content.decode()
    assert "Entra ID" in listing and plaintext not in listing and token.secret_hash not in listing
    detail = client.get(reverse("admin:integrations_integrationtoken_change", args=[token.pk])).content.decode()
    assert plaintext not in detail and token.secret_hash not in detail

    client.post(reverse("admin:integrations_integrationtoken_changelist"),
                {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert integration_token_find(raw=plaintext) is None


def test_a_manager_cannot_reach_the_token_admin(client, org, settings):
    settings.AXES_ENABLED = False
    org.manager.user.is_staff = True
    org.manager.user.save()
    client.force_login(org.manager.user)
    response = client.get(reverse("admin:integrations_integrationtoken_changelist"))
    assert response.status_code in (302, 403)
