"""Domain errors that services raise beside Django's own (ValidationError → 400, PermissionDenied → 403,
Http404 → 404). The API's exception handler and the pages turn them into the contract's answers."""
from django.core.exceptions import PermissionDenied, ValidationError


class TransitionNotAllowed(Exception):
    """The object's current state does not allow this move (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NoProfile(PermissionDenied):
    """A signed-in account with no Person behind it (for example a bare superuser)."""


#: What a service raises when it refuses (a page or the admin shows it; anything else is a bug).
REFUSALS = (ValidationError, TransitionNotAllowed, PermissionDenied)
