"""Integer query parameters: one parser, so anything that is not a plain whole number in range is a 400."""
from __future__ import annotations

from rest_framework.exceptions import ValidationError


def integer_param(query_params, name: str, *, minimum: int, maximum: int) -> int | None:
    """The last value of `name` as an int, None when absent. ASCII digits only: "²" and "٣" pass
    str.isdigit() but are no page size."""
    values = query_params.getlist(name)
    if not values:
        return None
    value = values[-1]
    if not (value.isascii() and value.isdigit()) or not minimum <= int(value) <= maximum:
        raise ValidationError({name: f"A whole number from {minimum} to {maximum}."})
    return int(value)
