"""The coaching API: views parse, services decide, serializers shape."""
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from coaching import permissions, selectors, services
from coaching.api import serializers as s
from coaching.returns import mentorship_returns
from common.ids import object_id
from common.time import organisation_today
from people import access
from people.api.mixins import ActorMixin
from people.selectors import current_tier_subquery


class SessionListCreate(ActorMixin, generics.GenericAPIView):
    serializer_class = s.SessionSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.session_list(viewer=self.actor)

    @extend_schema(responses=s.SessionSerializer(many=True), summary="Coaching sessions the caller may see")
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.SessionSerializer(page, many=True, context={"viewer": self.actor}).data)

    @extend_schema(request=s.SessionCreateSerializer, responses={201: s.SessionSerializer}, summary="Schedule a session")
    def post(self, request):
        data = s.SessionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.session_create(actor=self.actor, **data.validated_data)
        session = selectors.session_get(viewer=self.actor, session_id=session.pk)
        return Response(s.SessionSerializer(session, context={"viewer": self.actor}).data, status=status.HTTP_201_CREATED)


class SessionDetail(ActorMixin, APIView):
    @extend_schema(responses=s.SessionSerializer, summary="One coaching session")
    def get(self, request, pk: int):
        session = selectors.session_get(viewer=self.actor, session_id=pk)
        return Response(s.SessionSerializer(session, context={"viewer": self.actor}).data)

    @extend_schema(request=s.SessionUpdateSerializer, responses=s.SessionSerializer, summary="Edit a session (coach side)")
    def patch(self, request, pk: int):
        session = selectors.session_get(viewer=self.actor, session_id=pk)
        data = s.SessionUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.session_update(actor=self.actor, session=session, **data.validated_data)
        session = selectors.session_get(viewer=self.actor, session_id=pk)
        return Response(s.SessionSerializer(session, context={"viewer": self.actor}).data)


class _SessionAction(ActorMixin, APIView):
    def run(self, session, data):
        raise NotImplementedError

    def post(self, request, pk: int):
        session = selectors.session_get(viewer=self.actor, session_id=pk)
        self.run(session, request.data)
        session = selectors.session_get(viewer=self.actor, session_id=pk)
        return Response(s.SessionSerializer(session, context={"viewer": self.actor}).data)


class SessionHold(_SessionAction):
    @extend_schema(request=s.SessionHoldSerializer, responses=s.SessionSerializer, summary="Mark a session held")
    def post(self, request, pk: int):
        return super().post(request, pk)

    def run(self, session, data):
        parsed = s.SessionHoldSerializer(data=data)
        parsed.is_valid(raise_exception=True)
        services.session_hold(actor=self.actor, session=session, **parsed.validated_data)


class SessionCancel(_SessionAction):
    @extend_schema(request=None, responses=s.SessionSerializer, summary="Cancel a session")
    def post(self, request, pk: int):
        return super().post(request, pk)

    def run(self, session, data):
        services.session_cancel(actor=self.actor, session=session)


class SessionMiss(_SessionAction):
    @extend_schema(request=None, responses=s.SessionSerializer, summary="Record a missed session")
    def post(self, request, pk: int):
        return super().post(request, pk)

    def run(self, session, data):
        services.session_miss(actor=self.actor, session=session)


class SessionAgenda(ActorMixin, APIView):
    @extend_schema(request=s.AgendaItemCreateSerializer, responses={201: s.AgendaItemSerializer}, summary="Add to the agenda")
    def post(self, request, pk: int):
        session = selectors.session_get(viewer=self.actor, session_id=pk)
        data = s.AgendaItemCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.agenda_item_add(actor=self.actor, session=session, **data.validated_data)
        return Response(s.AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


class SessionActionItems(ActorMixin, APIView):
    @extend_schema(request=s.ActionItemCreateSerializer, responses={201: s.ActionItemSerializer}, summary="Add an action item")
    def post(self, request, pk: int):
        session = selectors.session_get(viewer=self.actor, session_id=pk)
        data = s.ActionItemCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.action_item_add(actor=self.actor, session=session, **data.validated_data)
        return Response(s.ActionItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ActionItemToMilestone(ActorMixin, APIView):
    @extend_schema(request=None, responses={201: s.MilestoneRefSerializer}, summary="Turn an action item into a plan milestone")
    def post(self, request, pk: int):
        item = selectors.action_item_get(viewer=self.actor, action_item_id=pk)
        milestone = services.action_item_to_milestone(actor=self.actor, action_item=item)
        return Response(s.MilestoneRefSerializer(milestone).data, status=status.HTTP_201_CREATED)


class Cadence(ActorMixin, generics.GenericAPIView):
    serializer_class = s.CadenceRowSerializer
    filter_backends: list = []

    @extend_schema(
        parameters=[OpenApiParameter("manager", int, description="HR or a senior manager: whose team (default: yours)")],
        responses=s.CadenceRowSerializer(many=True),
        summary="Coaching cadence of each direct report",
    )
    def get(self, request):
        actor = self.actor
        if not permissions.can_see_team_cadence(actor):
            raise PermissionDenied("Only managers and HR see this.")
        manager = actor
        if request.query_params.get("manager"):
            manager = access.access_person(actor, request.query_params["manager"])
        page = self.paginate_queryset(selectors.team_cadence_queryset(manager))
        rows = selectors.cadence_rows(list(page))
        return self.get_paginated_response(s.CadenceRowSerializer(rows, many=True).data)


class ObservationCreate(ActorMixin, APIView):
    @extend_schema(request=s.ObservationCreateSerializer, responses={201: s.ObservationSerializer}, summary="Log a warning sign")
    def post(self, request):
        data = s.ObservationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        observation = services.observation_create(actor=self.actor, **data.validated_data)
        return Response(s.ObservationSerializer(observation).data, status=status.HTTP_201_CREATED)


class FlightRiskList(ActorMixin, generics.GenericAPIView):
    """Risk per person in the caller's line (manager chain and HR only; never one's own)."""

    serializer_class = s.FlightRiskSerializer
    filter_backends: list = []

    @extend_schema(responses=s.FlightRiskSerializer(many=True), summary="Flight risk in the caller's line")
    def get(self, request):
        actor = self.actor
        if not permissions.can_see_flight_risk(actor):
            raise PermissionDenied("Only managers and HR see flight risk.")
        people = selectors.flight_risk_people(actor).order_by("full_name", "id")
        page = self.paginate_queryset(
            selectors.with_flight_risk_facts(people, today=organisation_today()).annotate(
                current_tier=current_tier_subquery()
            )
        )
        return self.get_paginated_response(s.FlightRiskSerializer(selectors.flight_risks(list(page)), many=True).data)


class FlightRiskDetail(ActorMixin, APIView):
    @extend_schema(responses=s.FlightRiskSerializer, summary="One person's flight risk")
    def get(self, request, person_id: int):
        actor = self.actor
        person_id = object_id(person_id, what="person")
        if not permissions.can_see_flight_risk(actor):
            raise Http404("No such person.")
        people = selectors.flight_risk_people(actor).filter(pk=person_id)
        if not people.exists():
            raise Http404("No such person.")
        risks = selectors.flight_risks(people)
        return Response(s.FlightRiskSerializer(risks[0]).data)


class MentorshipListCreate(ActorMixin, generics.GenericAPIView):
    serializer_class = s.MentorshipSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.mentorship_list(viewer=self.actor)

    @extend_schema(responses=s.MentorshipSerializer(many=True), summary="Mentorships the caller may see")
    def get(self, request):
        page = list(self.paginate_queryset(self.get_queryset()))
        context = {"returns": mentorship_returns(page), "figures_visible": permissions.mentee_figures_visible(self.actor, page)}
        return self.get_paginated_response(s.MentorshipSerializer(page, many=True, context=context).data)

    @extend_schema(request=s.MentorshipCreateSerializer, responses={201: s.MentorshipSerializer}, summary="Propose a mentorship")
    def post(self, request):
        data = s.MentorshipCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.setdefault("quota_relief", Decimal("0"))
        mentorship = services.mentorship_create(actor=self.actor, **values)
        return _mentorship_response(self.actor, mentorship.pk, status.HTTP_201_CREATED)


def _mentorship_response(actor, pk, code=status.HTTP_200_OK):
    mentorship = selectors.mentorship_get(viewer=actor, mentorship_id=pk)
    return Response(
        s.MentorshipSerializer(mentorship, context={
            "returns": mentorship_returns([mentorship]),
            "figures_visible": permissions.mentee_figures_visible(actor, [mentorship]),
        }).data, status=code
    )


class MentorshipDetail(ActorMixin, APIView):
    @extend_schema(responses=s.MentorshipSerializer, summary="One mentorship")
    def get(self, request, pk: int):
        return _mentorship_response(self.actor, pk)


class _MentorshipAction(ActorMixin, APIView):
    service = None

    @extend_schema(request=None, responses=s.MentorshipSerializer)
    def post(self, request, pk: int):
        mentorship = selectors.mentorship_get(viewer=self.actor, mentorship_id=pk)
        type(self).service(actor=self.actor, mentorship=mentorship)
        return _mentorship_response(self.actor, pk)


class MentorshipActivate(_MentorshipAction):
    service = services.mentorship_activate


class MentorshipComplete(_MentorshipAction):
    service = services.mentorship_complete


class MentorshipEnd(_MentorshipAction):
    service = services.mentorship_end
