"""DRF authentication for systems: `Authorization: Bearer <integration token>`, and the scope check.

The token is `request.auth`; `request.user` stays anonymous, because a system is not a person and
holds none of a person's rights (and the history of what it changes names no user: its services
name the token in their reasons). A view names the scope it needs in `required_scope`; `HasIntegrationScope` refuses
any other token with 403, and anything that is not an integration with 401.
"""
from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from integrations.models import IntegrationToken
from integrations.selectors import integration_token_find
from integrations.services import integration_token_mark_used

BEARER = b"bearer"


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
        return AnonymousUser(), token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="catalyst"'


class HasIntegrationScope(BasePermission):
    message = "This token is not allowed here: its scope is another integration's."

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, IntegrationToken):
            raise exceptions.NotAuthenticated("Send an integration token: Authorization: Bearer <token>.")
        return request.auth.scope == view.required_scope
