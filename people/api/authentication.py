from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from people.access import remember_actor
from people.selectors import api_token_holder
from people.services import api_token_is_expired, api_token_revoke, api_token_touch


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` with Catalyst's hashed tokens (people.models.ApiToken), refused
    (and deleted) once older than CATALYST['API_TOKEN_DAYS'] days.

    The token, its user and the user's Person with role facts come back in one query, so a
    token-authenticated API request spends a single query on who is calling (and, at most once per
    people.services.API_TOKEN_USE_PRECISION, one more to write down when the token was last used).
    """

    def authenticate(self, request):
        self._request = request
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        found = api_token_holder(key)
        if found is None:
            raise AuthenticationFailed("Invalid token.")
        token, person = found
        if not token.user.is_active:
            raise AuthenticationFailed("User inactive or deleted.")
        if api_token_is_expired(token.created_at):
            api_token_revoke(token=token)
            raise AuthenticationFailed("Token has expired; sign in again.")
        api_token_touch(token)
        if person is not None:
            remember_actor(self._request, person)
        return token.user, token
