"""The kinds of reminder Catalyst sends, registered by the apps that send them.

`notifications` knows nothing of plans or coaching: each app declares its kinds and registers
them from its AppConfig.ready() with `register_kinds`, saying for each whether its email is on
by default. The Notification model, the preferences page and the API read the registry.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from django.db import models


@dataclasses.dataclass(frozen=True)
class Kind:
    value: str
    label: str
    email_default: bool = True
    app: str = ""


_kinds: dict[str, Kind] = {}
#: (value, label) of every registered kind, kept in step with the registry (the API schema's enum).
CHOICES: list[tuple[str, str]] = []


def register_kinds(choices: type[models.TextChoices], *, app: str, email_off_by_default: Iterable[str] = ()) -> None:
    """Register every member of a TextChoices as a notification kind. Registering again replaces it."""
    off = {str(value) for value in email_off_by_default}
    for member in choices:
        _kinds[member.value] = Kind(member.value, str(member.label), member.value not in off, app)
    CHOICES[:] = [(kind.value, kind.label) for kind in _kinds.values()]


def all_kinds() -> list[Kind]:
    return list(_kinds.values())


def kind_choices() -> list[tuple[str, str]]:
    """Model and serializer choices, read when they are needed (the apps register at start-up)."""
    return list(CHOICES)


def kind_label(value: str) -> str:
    kind = _kinds.get(value)
    return kind.label if kind else value


def email_default(value: str) -> bool:
    kind = _kinds.get(value)
    return kind.email_default if kind else True


def is_known(value: str) -> bool:
    return value in _kinds
