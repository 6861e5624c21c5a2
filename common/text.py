"""One rule for free text, on pages and in the API alike.

Control characters other than tab, line feed and carriage return are stripped: NUL in particular
is refused by PostgreSQL (a 500 on save) and none of them means anything in a name, an evidence
note or a comment. Forms and serializers both call `clean_text`.
"""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """The text without control characters (tab and newlines stay)."""
    return _CONTROL.sub("", value)
