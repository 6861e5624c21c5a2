from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from common.permissions import require
from people import access, permissions
from people.api.mixins import ActorMixin
from people.api.serializers import InvitationSerializer, MeSerializer, TokenRequestSerializer, TokenResponseSerializer
from people.services import api_token_issue, person_invite


class MeView(ActorMixin, APIView):
    @extend_schema(responses=MeSerializer, summary="The signed-in person")
    def get(self, request):
        return Response(MeSerializer(self.actor).data)


class TokenView(APIView):
    """Exchange a username and password for an API token (people.services.api_token_issue)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sign_in"

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer}, summary="Get an API token")
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = api_token_issue(user=serializer.validated_data["user"])
        return Response(TokenResponseSerializer({"token": token.key}).data, status=status.HTTP_200_OK)


class PersonInviteView(ActorMixin, APIView):
    """HR emails a person a one-time link to set their password; an earlier link stops working."""

    @extend_schema(request=None, responses={200: InvitationSerializer}, summary="Invite a person to sign in (HR)")
    def post(self, request, pk: int):
        person = access.access_person(self.actor, pk)
        require(permissions.can_invite_people(self.actor), permissions.INVITE_REFUSED)
        person = person_invite(actor=self.actor, person=person)
        return Response(InvitationSerializer(person).data, status=status.HTTP_200_OK)
