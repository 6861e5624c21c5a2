"""One way for a service (or a view that answers 403 before reading its input) to refuse: each app's
permissions.py holds the predicate and its message; `require` turns a "no" into PermissionDenied."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied


def require(allowed: bool, message: str) -> None:
    """Raise PermissionDenied(message) unless `allowed` (a permission predicate's answer) holds."""
    if not allowed:
        raise PermissionDenied(message)
