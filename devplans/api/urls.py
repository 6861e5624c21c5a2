from django.urls import path

from devplans.api import views

urlpatterns = [
    path("plans/", views.PlanListCreateView.as_view(), name="api-plans"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="api-plan"),
    path("plans/<int:pk>/submit/", views.PlanSubmitView.as_view(), name="api-plan-submit"),
    path("plans/<int:pk>/approve/", views.PlanApproveView.as_view(), name="api-plan-approve"),
    path("plans/<int:pk>/complete/", views.PlanCompleteView.as_view(), name="api-plan-complete"),
    path("plans/<int:pk>/archive/", views.PlanArchiveView.as_view(), name="api-plan-archive"),
    path("plans/<int:pk>/readiness/", views.PlanReadinessView.as_view(), name="api-plan-readiness"),
    path("plans/<int:pk>/growth-areas/", views.PlanGrowthAreasView.as_view(), name="api-plan-growth-areas"),
    path("plans/<int:pk>/growth-areas/<int:growth_area_id>/", views.PlanGrowthAreaDetailView.as_view(),
         name="api-plan-growth-area"),
    path("plans/<int:pk>/champion-actions/", views.PlanChampionActionsView.as_view(), name="api-plan-champion-actions"),
    path("plans/<int:pk>/milestones/", views.PlanMilestonesView.as_view(), name="api-plan-milestones"),
    path("milestones/<int:pk>/", views.MilestoneDetailView.as_view(), name="api-milestone"),
    path("milestones/<int:pk>/start/", views.MilestoneStartView.as_view(), name="api-milestone-start"),
    path("milestones/<int:pk>/submit/", views.MilestoneSubmitView.as_view(), name="api-milestone-submit"),
    path("milestones/<int:pk>/approve/", views.MilestoneApproveView.as_view(), name="api-milestone-approve"),
    path("milestones/<int:pk>/request-changes/", views.MilestoneRequestChangesView.as_view(),
         name="api-milestone-request-changes"),
    path("milestones/<int:pk>/cancel/", views.MilestoneCancelView.as_view(), name="api-milestone-cancel"),
    path("approvals/", views.ApprovalsView.as_view(), name="api-approvals"),
]
