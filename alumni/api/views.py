"""Alumni network and offboarding endpoints. Views parse, services decide, serializers shape.

A forbidden action answers 403 before its input is read (`require`); the service checks again."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from alumni import permissions
from alumni.api.serializers import (
    AlumniContributionSerializer,
    AlumniDirectoryEntrySerializer,
    AlumniDirectoryQuerySerializer,
    AlumniProfileSerializer,
    AnonymiseRequestSerializer,
    ErasureRecordSerializer,
    OffboardingRecordSerializer,
    OffboardRequestSerializer,
    RehireRequestSerializer,
)
from alumni.selectors import OPEN_TO_FIELDS, access_own_alumni_profile, alumni_directory
from alumni.services import (
    alumni_contribution_record,
    alumni_profile_update,
    alumnus_anonymise,
    person_offboard,
    person_rehire,
)
from common.permissions import require
from people import access
from people.api.mixins import ActorMixin
from people.models import JobRole, Person, Team


def _person_field(actor: Person, person_id: int | None, field: str) -> Person | None:
    """A person named in the input, if the caller may see them; otherwise a field error (never a leak)."""
    if person_id is None:
        return None
    try:
        return access.access_person(actor, person_id)
    except Http404:
        raise ValidationError({field: "No such person."}) from None


class AlumniDirectoryView(ActorMixin, generics.ListAPIView):
    """The opt-in alumni directory: anyone signed in may read it."""

    serializer_class = AlumniDirectoryEntrySerializer
    filter_backends: list = []

    def get_queryset(self):
        query = AlumniDirectoryQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return alumni_directory(search=query.validated_data.get("search", ""), open_to=query.validated_data.get("open_to"))

    @extend_schema(
        summary="The alumni directory (opted-in alumni only)",
        parameters=[
            OpenApiParameter("search", OpenApiTypes.STR, description="Words to find in name, company or title."),
            OpenApiParameter("open_to", OpenApiTypes.STR, enum=list(OPEN_TO_FIELDS), description="Only alumni open to this."),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AlumniMeView(ActorMixin, APIView):
    """The signed-in alumnus's own profile. Active employees have none (404). Reading never writes:
    a profile never saved reads as the defaults, and the first change creates it."""

    @extend_schema(responses=AlumniProfileSerializer, summary="My alumni profile")
    def get(self, request):
        profile = access_own_alumni_profile(self.actor)
        return Response(AlumniProfileSerializer(profile).data)

    @extend_schema(request=AlumniProfileSerializer, responses=AlumniProfileSerializer, summary="Change my alumni profile")
    def patch(self, request):
        profile = access_own_alumni_profile(self.actor)
        serializer = AlumniProfileSerializer(profile, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        profile = alumni_profile_update(actor=self.actor, person=self.actor, **serializer.validated_data)
        return Response(AlumniProfileSerializer(profile).data)


class PersonOffboardView(ActorMixin, APIView):
    @extend_schema(request=OffboardRequestSerializer, responses={200: OffboardingRecordSerializer}, summary="Offboard a person (HR)")
    def post(self, request, pk: int):
        person = access.access_person(self.actor, pk)
        require(permissions.can_offboard(self.actor), permissions.OFFBOARD_REFUSED)
        serializer = OffboardRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        record = person_offboard(
            actor=self.actor, person=person, left_on=data["left_on"], reason=data["reason"],
            new_manager=_person_field(self.actor, data.get("new_manager"), "new_manager"),
        )
        return Response(OffboardingRecordSerializer(record).data, status=status.HTTP_200_OK)


class PersonRehireView(ActorMixin, APIView):
    @extend_schema(request=RehireRequestSerializer, responses={200: OffboardingRecordSerializer}, summary="Re-hire an alumnus (HR)")
    def post(self, request, pk: int):
        person = access.access_person(self.actor, pk)
        require(permissions.can_rehire(self.actor), permissions.REHIRE_REFUSED)
        serializer = RehireRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        team = job_role = None
        if data.get("team") is not None:
            team = Team.objects.filter(pk=data["team"]).first()
            if team is None:
                raise ValidationError({"team": "No such team."})
        if data.get("job_role") is not None:
            job_role = JobRole.objects.filter(pk=data["job_role"]).first()
            if job_role is None:
                raise ValidationError({"job_role": "No such job role."})
        record = person_rehire(
            actor=self.actor, person=person, rehired_on=data["rehired_on"],
            manager=_person_field(self.actor, data.get("manager"), "manager"), team=team, job_role=job_role,
        )
        return Response(OffboardingRecordSerializer(record).data, status=status.HTTP_200_OK)


class PersonAnonymiseView(ActorMixin, APIView):
    @extend_schema(request=AnonymiseRequestSerializer, responses={200: ErasureRecordSerializer}, summary="Anonymise an alumnus on request (HR)")
    def post(self, request, pk: int):
        person = access.access_person(self.actor, pk)
        require(permissions.can_anonymise(self.actor), permissions.ANONYMISE_REFUSED)
        serializer = AnonymiseRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = alumnus_anonymise(actor=self.actor, person=person, **serializer.validated_data)
        return Response(ErasureRecordSerializer(record).data, status=status.HTTP_200_OK)


class AlumniContributionCreateView(ActorMixin, APIView):
    @extend_schema(request=AlumniContributionSerializer, responses={201: AlumniContributionSerializer}, summary="Record an alumni contribution (HR)")
    def post(self, request):
        require(permissions.can_record_contribution(self.actor), permissions.CONTRIBUTION_RECORD_REFUSED)
        serializer = AlumniContributionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        alumnus = _person_field(self.actor, data.pop("alumnus_id"), "alumnus")
        contribution = alumni_contribution_record(actor=self.actor, alumnus=alumnus, **data)
        return Response(AlumniContributionSerializer(contribution).data, status=status.HTTP_201_CREATED)
