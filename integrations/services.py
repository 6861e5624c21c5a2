"""Writes of the integrations app: making and revoking integration tokens.

An actor of None is the system (`manage.py create_integration_token`, run by whoever operates the
server); otherwise the actor must be HR."""
from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.audit import save_with_history
from common.exceptions import TransitionNotAllowed
from common.permissions import require
from integrations import permissions
from integrations.models import IntegrationScope, IntegrationToken
from integrations.selectors import TOKEN_MARK, token_hash
from people.models import Person

#: last_used_at is written at most this often per token, so a busy integration does not write on every call.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: IntegrationToken
    #: The whole token, to hand to the integration. It exists only here: the database keeps its hash.
    plaintext: str


@transaction.atomic
def integration_token_create(*, actor: Person | None, name: str, scope: str) -> IssuedToken:
    require(actor is None or permissions.can_manage_integration_tokens(actor), permissions.TOKEN_MANAGE_REFUSED)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = "Name the system that will hold the token."
    elif len(name) > 100:
        errors["name"] = "Keep the name under 100 characters."
    if scope not in IntegrationScope.values:
        errors["scope"] = f"Choose one of: {', '.join(IntegrationScope.values)}."
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(6)
    while IntegrationToken.objects.filter(prefix=prefix).exists():  # pragma: no cover - 48 random bits
        prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = IntegrationToken(name=name, scope=scope, prefix=prefix, secret_hash=token_hash(secret), created_by=actor)
    save_with_history(token, actor=actor, reason="Created")
    return IssuedToken(token=token, plaintext=f"{TOKEN_MARK}{prefix}_{secret}")


@transaction.atomic
def integration_token_revoke(*, actor: Person | None, token: IntegrationToken) -> IntegrationToken:
    """Revoke at once: the next request with it answers 401."""
    require(actor is None or permissions.can_manage_integration_tokens(actor), permissions.TOKEN_MANAGE_REFUSED)
    token = IntegrationToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise TransitionNotAllowed(f"{token} was already revoked.")
    token.revoked_at = timezone.now()
    save_with_history(token, actor=actor, reason="Revoked", update_fields=["revoked_at"])
    return token


def integration_token_mark_used(*, token: IntegrationToken) -> None:
    """Note when the token was last used (at most once a minute; an update, not a history row)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        IntegrationToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
