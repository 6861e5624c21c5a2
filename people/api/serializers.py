from django.contrib.auth import authenticate
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from common.api import strict
from people.access import role_of
from people.invitations import invitation_expires_at
from people.mfa import SecondFactorError, second_factor_required, second_factor_verify_for_token
from people.models import Person, Role
from people.oidc import password_refusal_message, password_sign_in_allowed


class MeSerializer(strict.ModelSerializer):
    username = strict.CharField(source="user.username", read_only=True)
    role = serializers.SerializerMethodField()
    manager = serializers.PrimaryKeyRelatedField(read_only=True)
    team = serializers.StringRelatedField(read_only=True)
    job_role = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "username", "full_name", "email", "title", "role", "manager", "team", "job_role", "status"]
        read_only_fields = fields

    def get_role(self, person: Person) -> Role:
        return role_of(person)


class PersonSummarySerializer(strict.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "full_name", "title"]
        read_only_fields = fields


class TokenRequestSerializer(serializers.Serializer):
    username = strict.CharField(max_length=150)
    password = strict.CharField(max_length=256, trim_whitespace=False, style={"input_type": "password"})
    otp = strict.CharField(max_length=32, required=False, help_text=(
        "HR, staff and superusers, when the second factor is required: a code from the authenticator app "
        "or a recovery code."))

    def validate(self, attrs):
        user = authenticate(
            request=self.context.get("request"), username=attrs["username"], password=attrs["password"]
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError("Unable to sign in with those credentials.", code="authorization")
        if not password_sign_in_allowed(user):
            raise exceptions.PermissionDenied(password_refusal_message(), code="company_sign_in_only")
        if second_factor_required(user):
            try:
                second_factor_verify_for_token(user=user, code=attrs.get("otp", ""))
            except SecondFactorError as error:
                raise serializers.ValidationError({"otp": [str(error)]}, code="authorization") from error
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = strict.CharField()


class InvitationSerializer(strict.ModelSerializer):
    """The invitation just sent: when, and until when its link works."""

    person = serializers.IntegerField(source="id", read_only=True)
    expires_at = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["person", "email", "invited_at", "expires_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_expires_at(self, person: Person) -> str:
        return serializers.DateTimeField().to_representation(invitation_expires_at(person))
