"""Systems that talk to Catalyst on their own: an identity provider provisioning people over SCIM, an
HR or sales system feeding quota figures. Each holds an IntegrationToken HR created for it.

A token is never stored: only the SHA-256 of its secret, and a short prefix to find the row.
The secret is shown once, when the token is made (integrations.services.integration_token_create).
"""
from django.db import models
from simple_history.models import HistoricalRecords

from people.models import Person


class IntegrationScope(models.TextChoices):
    SCIM = "scim", "SCIM provisioning (identity provider)"
    QUOTA_IMPORT = "quota-import", "Quota import"


class IntegrationToken(models.Model):
    name = models.CharField(max_length=100, help_text="The system that holds it, e.g. “Okta production”.")
    scope = models.CharField(max_length=20, choices=IntegrationScope.choices)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Who made and revoked it, with when; last_used_at changes on use and is not history.
    history = HistoricalRecords(excluded_fields=["last_used_at", "secret_hash"])

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.scope})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
