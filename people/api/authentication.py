import datetime

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token, refused once older than CATALYST['API_TOKEN_DAYS'] days."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        max_age = datetime.timedelta(days=settings.CATALYST["API_TOKEN_DAYS"])
        if token.created < timezone.now() - max_age:
            token.delete()
            raise AuthenticationFailed("Token has expired; sign in again.")
        return user, token
