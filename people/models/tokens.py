"""Personal API tokens, kept as a hash: the secret is shown once, when it is issued, and never stored.

A token is `secrets.token_urlsafe(32)` (43 characters, 256 bits). The row keeps its first
PREFIX_LENGTH characters (indexed, to find the row) and the SHA-256 of the whole token; a presented
token is matched by its prefix and then its digest is compared in constant time. Knowing the prefix
and the digest (the admin, a database dump, a backup) does not give the token back.
"""
from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX_LENGTH = 8
#: token_urlsafe(32) is 43 characters; anything else (an old DRF token of 40 hex digits) is refused unread.
KEY_LENGTH = 43


def api_token_key_new() -> str:
    return secrets.token_urlsafe(32)


def api_token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """One personal API token (POST /api/v1/auth/token/). HR sees who holds tokens and revokes them;
    nobody can read one back."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True, editable=False)
    digest = models.CharField(max_length=64, editable=False, help_text="SHA-256 of the token, in hex.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"
        # Tokens are issued by signing in and never edited: HR may only look and revoke.
        default_permissions = ("view", "delete")

    def __str__(self) -> str:
        return f"API token of {self.user} issued {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(days=settings.CATALYST["API_TOKEN_DAYS"])

    def matches(self, key: str) -> bool:
        return hmac.compare_digest(self.digest, api_token_digest(key))
