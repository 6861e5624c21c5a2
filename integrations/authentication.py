"""DRF authentication for systems: `Authorization: Bearer <integration token>`, and the scope check.

The request's user is an `Integration` (not a person: it holds no rights of a person); the token is
`request.auth`. A view names the scope it needs in `required_scope`; `HasIntegrationScope` refuses
any other token with 403, and anything that is not an integration with 401.
"""
from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from integrations.models import IntegrationToken
from integrations.selectors import integration_token_find
from integrations.services import integration_token_mark_used

BEARER = b"bearer"


class Integration:
    """The caller behind an integration token, in `request.user`'s place."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, token: IntegrationToken):
        self.token = token

    def __str__(self) -> str:
        return f"integration {self.token.name}"

    def has_perm(self, *args, **kwargs) -> bool:
        return False


class IntegrationTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != BEARER:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send the token as: Authorization: Bearer <token>.")
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("The token is not valid.") from error
        token = integration_token_find(raw=raw)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid, or it was revoked.")
        integration_token_mark_used(token=token)
        return Integration(token), token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="catalyst"'


class HasIntegrationScope(BasePermission):
    message = "This token is not allowed here: its scope is another integration's."

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, IntegrationToken):
            raise exceptions.NotAuthenticated("Send an integration token: Authorization: Bearer <token>.")
        return request.auth.scope == view.required_scope
