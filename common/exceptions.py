"""Domain errors that services raise. The API and pages turn them into 400/403/404/409."""
from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401  (re-exported)
from django.http import Http404  # noqa: F401  (re-exported)


class TransitionNotAllowed(Exception):
    """The object's current state does not allow this move (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NoProfile(PermissionDenied):
    """A signed-in account with no Person behind it (for example a bare superuser)."""
