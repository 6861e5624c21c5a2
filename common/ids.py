"""Ids from URLs and query strings: one parser, so a malformed or oversized id is always a plain 404."""
from __future__ import annotations

from django.http import Http404

#: The largest id a 64-bit primary key holds; anything larger names nothing.
MAX_ID = 2**63 - 1


def object_id(value: int | str | None, *, what: str) -> int:
    """`value` as an id, or 404 "No such <what>." for anything that cannot name a row."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        raise Http404(f"No such {what}.")
    if not 1 <= number <= MAX_ID:
        raise Http404(f"No such {what}.")
    return number
