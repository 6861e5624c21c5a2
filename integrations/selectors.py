"""Reads of the integrations app."""
from __future__ import annotations

import hashlib
import hmac

from integrations.models import IntegrationToken

#: Every token starts with this, so a leaked one is recognisable (secret scanners, logs).
TOKEN_MARK = "cat_"


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_split(raw: str) -> tuple[str, str] | None:
    """`cat_<prefix>_<secret>` → (prefix, secret), or None for anything else."""
    if not raw.startswith(TOKEN_MARK):
        return None
    prefix, separator, secret = raw[len(TOKEN_MARK):].partition("_")
    if not separator or not prefix or not secret or len(prefix) > 16:
        return None
    return prefix, secret


def integration_token_find(*, raw: str) -> IntegrationToken | None:
    """The live token `raw` stands for, or None: unknown, malformed, wrong secret or revoked.

    The row is found by its prefix (indexed); the secret is compared by hash in constant time.
    """
    parts = token_split(raw)
    if parts is None:
        return None
    prefix, secret = parts
    token = IntegrationToken.objects.filter(prefix=prefix).first()
    if token is None:
        return None
    if not hmac.compare_digest(token.secret_hash, token_hash(secret)):
        return None
    if token.revoked_at is not None:
        return None
    return token


def integration_tokens_list():
    return IntegrationToken.objects.select_related("created_by").order_by("-created_at", "-id")
