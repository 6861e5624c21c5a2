from django.urls import path

from devplans import views

app_name = "devplans"

urlpatterns = [
    path("plans/mine/", views.my_plan, name="my-plan"),
    path("plans/new/", views.plan_new, name="plan-new"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:plan_id>/submit/", views.plan_submit, name="plan-submit"),
    path("plans/<int:plan_id>/approve/", views.plan_approve, name="plan-approve"),
    path("plans/<int:plan_id>/milestones/", views.plan_milestone_add, name="plan-milestone-add"),
    path("plans/<int:plan_id>/growth-areas/", views.plan_growth_area_add, name="plan-growth-area-add"),
    path("plans/<int:plan_id>/growth-areas/<int:growth_area_id>/remove/", views.plan_growth_area_remove,
         name="plan-growth-area-remove"),
    path("plans/<int:plan_id>/readiness/", views.plan_readiness, name="plan-readiness"),
    path("plans/<int:plan_id>/champion-actions/", views.plan_champion_action_add, name="plan-champion-action-add"),
    path("plans/milestones/<int:milestone_id>/start/", views.milestone_start, name="milestone-start"),
    path("plans/milestones/<int:milestone_id>/submit/", views.milestone_submit, name="milestone-submit"),
    path("plans/milestones/<int:milestone_id>/approve/", views.milestone_approve, name="milestone-approve"),
    path("plans/milestones/<int:milestone_id>/request-changes/", views.milestone_request_changes,
         name="milestone-request-changes"),
    path("plans/milestones/<int:milestone_id>/cancel/", views.milestone_cancel, name="milestone-cancel"),
]
