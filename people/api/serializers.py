from django.contrib.auth import authenticate
from rest_framework import exceptions, serializers

from common.api import strict
from people.access import role_of
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

    def validate(self, attrs):
        user = authenticate(
            request=self.context.get("request"), username=attrs["username"], password=attrs["password"]
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError("Unable to sign in with those credentials.", code="authorization")
        if not password_sign_in_allowed(user):
            raise exceptions.PermissionDenied(password_refusal_message(), code="company_sign_in_only")
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = strict.CharField()
