"""Who may do what with integrations: one predicate per permission (the services and the admin ask them)."""
from __future__ import annotations

from people.access import is_hr
from people.models import Person

TOKEN_MANAGE_REFUSED = "Only HR can create or revoke integration tokens."


def can_manage_integration_tokens(actor: Person | None) -> bool:
    return is_hr(actor)
