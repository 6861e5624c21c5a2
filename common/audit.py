"""Every change a service makes is saved through here, so history names who did it and why.

The history itself is django-simple-history's: one historical row per save, with the full
old and new values, the acting user and a reason. HR reads it in the admin.
"""
from typing import Any

from django.db import models


def save_with_history(
    instance: models.Model,
    *,
    actor: Any,
    reason: str,
    update_fields: list[str] | None = None,
) -> None:
    """Save `instance` and record `actor` (a Person or None for the system) and `reason`."""
    instance._history_user = getattr(actor, "user", None)
    instance._change_reason = reason[:100]
    instance.save(update_fields=update_fields)
