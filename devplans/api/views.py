"""The devplans API. Views parse, services decide, serializers shape; selectors scope every read."""
from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from common.ids import MAX_ID
from common.time import organisation_today
from devplans import permissions, selectors, services
from devplans.api.serializers import (
    ChampionActionCreateSerializer,
    ChampionActionSerializer,
    GrowthAreaCreateSerializer,
    GrowthAreaSerializer,
    GrowthAreaUpdateSerializer,
    MilestoneApproveSerializer,
    MilestoneCreateSerializer,
    MilestoneRequestChangesSerializer,
    MilestoneSerializer,
    MilestoneSubmitSerializer,
    PlanArchiveSerializer,
    PlanCreateSerializer,
    PlanSerializer,
    PlanUpdateSerializer,
    ReadinessSerializer,
)
from devplans.models import PlanStatus
from people.api.mixins import ActorMixin
from people.models import Person

ERRORS = {
    400: OpenApiResponse(description="Bad fields (field errors)"),
    403: OpenApiResponse(description="Not allowed on this visible object"),
    404: OpenApiResponse(description="Outside your scope, or no such object"),
    409: OpenApiResponse(description="The current state does not allow this move"),
}


NO_SUCH_PAGE = {404: OpenApiResponse(description="No such page")}


class PlanFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PlanStatus.choices, required=False)
    person = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class DevplansView(ActorMixin, GenericAPIView):
    filter_backends: list = []

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["today"] = organisation_today()
        return context

    def plan_response(self, plan_id: int, *, code: int = status.HTTP_200_OK) -> Response:
        plan = selectors.plan_get(actor=self.actor, plan_id=plan_id, champion_actions=False)
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data, status=code)

    def milestone_response(self, milestone_id: int, *, code: int = status.HTTP_200_OK) -> Response:
        milestone = selectors.milestone_get(actor=self.actor, milestone_id=milestone_id)
        return Response(MilestoneSerializer(milestone, context=self.get_serializer_context()).data, status=code)

    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class PlanListCreateView(DevplansView):
    """Plans the caller may see (own; the reporting line for managers; all for HR), newest first."""

    serializer_class = PlanSerializer

    @extend_schema(parameters=[PlanFilterSerializer], summary="List development plans",
                   responses={200: PlanSerializer(many=True), 400: ERRORS[400], **NO_SUCH_PAGE})
    def get(self, request):
        filters = PlanFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        plans = selectors.plan_list(
            actor=self.actor, status=filters.validated_data.get("status"), person_id=filters.validated_data.get("person")
        )
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(PlanSerializer(page, many=True, context=self.get_serializer_context()).data)

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer, **ERRORS}, summary="Create a plan")
    def post(self, request):
        data = self.parse(PlanCreateSerializer)
        person = self.actor
        if data.get("person") and data["person"] != self.actor.pk:
            person = Person.objects.filter(pk=data["person"]).first()
            if person is None:
                raise ValidationError({"person": "No such person."})
        plan = services.plan_create(
            actor=self.actor,
            person=person,
            target_role=data.get("target_role"),
            ambition=data["ambition"],
            summary=data["summary"],
            start_date=data["start_date"],
            target_date=data["target_date"],
        )
        return self.plan_response(plan.pk, code=status.HTTP_201_CREATED)


class PlanDetailView(DevplansView):
    """One plan. PATCH edits content only (see devplans.services.plan_update):

    drafts and plans pending approval take target_role, ambition, summary, start_date, target_date;
    active plans take only summary and target_date (other fields → 409); completed and archived
    plans take nothing (409). person, status, readiness and approval fields are read-only and ignored.
    """

    serializer_class = PlanSerializer

    @extend_schema(responses={200: PlanSerializer, 404: ERRORS[404]}, summary="One development plan")
    def get(self, request, pk: int):
        return self.plan_response(pk)

    @extend_schema(request=PlanUpdateSerializer, responses={200: PlanSerializer, **ERRORS}, summary="Edit a plan")
    def patch(self, request, pk: int):
        plan = selectors.plan_access(actor=self.actor, plan_id=pk)
        serializer = PlanUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.plan_update(actor=self.actor, plan=plan, **serializer.validated_data)
        return self.plan_response(pk)


class PlanActionView(DevplansView):
    serializer_class = PlanSerializer
    input_serializer = None

    def act(self, plan, data):  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request, pk: int):
        plan = selectors.plan_access(actor=self.actor, plan_id=pk)
        data = self.parse(self.input_serializer) if self.input_serializer else {}
        self.act(plan, data)
        return self.plan_response(pk)


@extend_schema(request=None, responses={200: PlanSerializer, **ERRORS}, summary="Submit a draft plan (owner)")
class PlanSubmitView(PlanActionView):
    def act(self, plan, data):
        services.plan_submit(actor=self.actor, plan=plan)


@extend_schema(request=None, responses={200: PlanSerializer, **ERRORS}, summary="Approve a plan (direct manager or HR)")
class PlanApproveView(PlanActionView):
    def act(self, plan, data):
        services.plan_approve(actor=self.actor, plan=plan)


@extend_schema(request=None, responses={200: PlanSerializer, **ERRORS}, summary="Complete an active plan (direct manager or HR)")
class PlanCompleteView(PlanActionView):
    def act(self, plan, data):
        services.plan_complete(actor=self.actor, plan=plan)


@extend_schema(request=PlanArchiveSerializer, responses={200: PlanSerializer, **ERRORS}, summary="Archive a plan (owner or manager)")
class PlanArchiveView(PlanActionView):
    input_serializer = PlanArchiveSerializer

    def act(self, plan, data):
        services.plan_archive(actor=self.actor, plan=plan, reason=data["reason"])


@extend_schema(request=ReadinessSerializer, responses={200: PlanSerializer, **ERRORS}, summary="Readiness feedback (manager)")
class PlanReadinessView(PlanActionView):
    input_serializer = ReadinessSerializer

    def act(self, plan, data):
        services.plan_readiness_update(actor=self.actor, plan=plan, readiness=data["readiness"], feedback=data["feedback"])


class PlanGrowthAreasView(DevplansView):
    serializer_class = GrowthAreaSerializer

    @extend_schema(request=GrowthAreaCreateSerializer, responses={201: GrowthAreaSerializer, **ERRORS},
                   summary="Add a growth area (a skill of the target role; at most two focus areas)")
    def post(self, request, pk: int):
        plan = selectors.plan_access(actor=self.actor, plan_id=pk)
        data = self.parse(GrowthAreaCreateSerializer)
        area = services.growth_area_add(actor=self.actor, plan=plan, skill=data["skill"], is_focus=data["is_focus"],
                                        notes=data["notes"])
        return Response(GrowthAreaSerializer(area).data, status=status.HTTP_201_CREATED)


class PlanGrowthAreaDetailView(DevplansView):
    serializer_class = GrowthAreaSerializer

    @extend_schema(request=GrowthAreaUpdateSerializer, responses={200: GrowthAreaSerializer, **ERRORS},
                   summary="Mark or unmark a focus area, or edit its notes")
    def patch(self, request, pk: int, growth_area_id: int):
        plan = selectors.plan_access(actor=self.actor, plan_id=pk)
        area = selectors.growth_area_get(actor=self.actor, plan=plan, growth_area_id=growth_area_id)
        serializer = GrowthAreaUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        area = services.growth_area_update(actor=self.actor, growth_area=area, **serializer.validated_data)
        return Response(GrowthAreaSerializer(area).data)

    @extend_schema(request=None, responses={204: None, **ERRORS}, summary="Remove a growth area")
    def delete(self, request, pk: int, growth_area_id: int):
        plan = selectors.plan_access(actor=self.actor, plan_id=pk)
        area = selectors.growth_area_get(actor=self.actor, plan=plan, growth_area_id=growth_area_id)
        services.growth_area_remove(actor=self.actor, growth_area=area)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlanChampionActionsView(DevplansView):
    serializer_class = ChampionActionSerializer

    @extend_schema(responses={200: ChampionActionSerializer(many=True), 404: ERRORS[404]},
                   summary="Career-champion actions on a plan")
    def get(self, request, pk: int):
        plan = selectors.plan_access(actor=self.actor, plan_id=pk)
        page = self.paginate_queryset(plan.champion_actions.select_related("manager").order_by("-occurred_on", "-id"))
        return self.get_paginated_response(ChampionActionSerializer(page, many=True).data)

    @extend_schema(request=ChampionActionCreateSerializer, responses={201: ChampionActionSerializer, **ERRORS},
                   summary="Log a career-champion action (manager)")
    def post(self, request, pk: int):
        plan = selectors.plan_access(actor=self.actor, plan_id=pk)
        data = self.parse(ChampionActionCreateSerializer)
        action = services.champion_action_log(
            actor=self.actor, plan=plan, kind=data["kind"], description=data["description"],
            occurred_on=data.get("occurred_on"), outside_team=data["outside_team"],
        )
        return Response(ChampionActionSerializer(action).data, status=status.HTTP_201_CREATED)


class PlanMilestonesView(DevplansView):
    serializer_class = MilestoneSerializer

    @extend_schema(responses={200: MilestoneSerializer(many=True), 404: ERRORS[404]}, summary="A plan's milestones by due date")
    def get(self, request, pk: int):
        plan = selectors.plan_access(actor=self.actor, plan_id=pk)
        page = self.paginate_queryset(selectors.milestone_list(actor=self.actor, plan=plan))
        return self.get_paginated_response(MilestoneSerializer(page, many=True, context=self.get_serializer_context()).data)

    @extend_schema(request=MilestoneCreateSerializer, responses={201: MilestoneSerializer, **ERRORS},
                   summary="Add a milestone (owner or manager)")
    def post(self, request, pk: int):
        plan = selectors.plan_access(actor=self.actor, plan_id=pk)
        data = self.parse(MilestoneCreateSerializer)
        milestone = services.milestone_create(
            actor=self.actor, plan=plan, title=data["title"], due_date=data["due_date"],
            description=data["description"], kind=data["kind"], growth_area=data.get("growth_area"),
        )
        return self.milestone_response(milestone.pk, code=status.HTTP_201_CREATED)


class MilestoneDetailView(DevplansView):
    serializer_class = MilestoneSerializer

    @extend_schema(responses={200: MilestoneSerializer, 404: ERRORS[404]}, summary="One milestone")
    def get(self, request, pk: int):
        return self.milestone_response(pk)


class MilestoneActionView(DevplansView):
    serializer_class = MilestoneSerializer
    input_serializer = None

    def act(self, milestone, data):  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request, pk: int):
        milestone = selectors.milestone_get(actor=self.actor, milestone_id=pk)
        data = self.parse(self.input_serializer) if self.input_serializer else {}
        self.act(milestone, data)
        return self.milestone_response(pk)


@extend_schema(request=None, responses={200: MilestoneSerializer, **ERRORS}, summary="Start a milestone (owner)")
class MilestoneStartView(MilestoneActionView):
    def act(self, milestone, data):
        services.milestone_start(actor=self.actor, milestone=milestone)


@extend_schema(request=MilestoneSubmitSerializer, responses={200: MilestoneSerializer, **ERRORS},
               summary="Submit a milestone with optional evidence (owner)")
class MilestoneSubmitView(MilestoneActionView):
    input_serializer = MilestoneSubmitSerializer

    def act(self, milestone, data):
        services.milestone_submit(actor=self.actor, milestone=milestone, evidence=data["evidence"])


@extend_schema(request=MilestoneApproveSerializer, responses={200: MilestoneSerializer, **ERRORS},
               summary="Approve a submitted milestone (direct manager or HR)")
class MilestoneApproveView(MilestoneActionView):
    input_serializer = MilestoneApproveSerializer

    def act(self, milestone, data):
        services.milestone_approve(actor=self.actor, milestone=milestone, comment=data["comment"])


@extend_schema(request=MilestoneRequestChangesSerializer, responses={200: MilestoneSerializer, **ERRORS},
               summary="Send a submitted milestone back (direct manager or HR; comment required)")
class MilestoneRequestChangesView(MilestoneActionView):
    input_serializer = MilestoneRequestChangesSerializer

    def act(self, milestone, data):
        services.milestone_request_changes(actor=self.actor, milestone=milestone, comment=data["comment"])


@extend_schema(request=None, responses={200: MilestoneSerializer, **ERRORS}, summary="Cancel a milestone (owner or manager)")
class MilestoneCancelView(MilestoneActionView):
    def act(self, milestone, data):
        services.milestone_cancel(actor=self.actor, milestone=milestone)


class ApprovalsView(DevplansView):
    """Submitted milestones waiting for the caller's decision: their direct reports' (HR: all)."""

    serializer_class = MilestoneSerializer

    @extend_schema(responses={200: MilestoneSerializer(many=True), **NO_SUCH_PAGE}, summary="Milestones waiting for your decision")
    def get(self, request):
        if not permissions.can_see_approvals_queue(self.actor):
            raise PermissionDenied("The approvals queue is for managers.")
        page = self.paginate_queryset(selectors.approvals_for(actor=self.actor))
        return self.get_paginated_response(MilestoneSerializer(page, many=True, context=self.get_serializer_context()).data)
