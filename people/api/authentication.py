from django.db.models import F
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from people.access import actors, remember_actor
from people.services import api_token_is_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token, refused (and deleted) once older than CATALYST['API_TOKEN_DAYS'] days.

    The token, its user and the user's Person with role facts come back in one query, so a
    token-authenticated API request spends a single query on who is calling.
    """

    def authenticate(self, request):
        self._request = request
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        person = actors().filter(user__auth_token__key=key).annotate(token_created=F("user__auth_token__created")).first()
        if person is None:
            # A token of an account with no Person (a bare superuser): DRF's own lookup.
            user, token = super().authenticate_credentials(key)
            created = token.created
        else:
            user, token, created = person.user, None, person.token_created
            if not user.is_active:
                raise AuthenticationFailed("User inactive or deleted.")
        if api_token_is_expired(created):
            Token.objects.filter(key=key).delete()
            raise AuthenticationFailed("Token has expired; sign in again.")
        if person is not None:
            remember_actor(self._request, person)
        return user, token or key
