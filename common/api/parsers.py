"""The one parser every JSON body of the API goes through (REST_FRAMEWORK's DEFAULT_PARSER_CLASSES).

DRF's JSONParser (strict: `NaN` and `Infinity` are refused), and then:
- every string of the body, keys included and at any depth, goes through `common.text.clean_text`,
  the rule pages apply with `common.forms.TextField`, so a NUL never reaches PostgreSQL from
  either side;
- a hostile body is a 400, never a 500: nesting deeper than `MAX_DEPTH` (Python's parser raises
  RecursionError on very deep bodies) and numbers beyond a float's range (`1e999` reads as infinity).
"""
from __future__ import annotations

import math

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from common.text import clean_text

#: No request body of the API comes near this; a body nested deeper is refused.
MAX_DEPTH = 32


def cleaned(value, depth: int = 0):
    """The parsed body with every string cleaned; ParseError for what JSON should not carry."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ParseError("JSON parse error - a number is out of range.")
    if isinstance(value, dict | list):
        if depth >= MAX_DEPTH:
            raise ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.")
        if isinstance(value, dict):
            return {clean_text(key): cleaned(item, depth + 1) for key, item in value.items()}
        return [cleaned(item, depth + 1) for item in value]
    return value


class CleanJSONParser(JSONParser):
    """JSON whose strings are cleaned like page input, and whose hostile shapes are a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type=media_type, parser_context=parser_context)
        except RecursionError as error:
            raise ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.") from error
        return cleaned(data)
