from django.urls import path

from devplans import views

app_name = "devplans"

urlpatterns = [
    path("plans/mine/", views.my_plan, name="my-plan"),
    path("plans/new/", views.plan_new, name="plan-new"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("plans/milestones/<int:milestone_id>/start/", views.milestone_start, name="milestone-start"),
    path("plans/milestones/<int:milestone_id>/submit/", views.milestone_submit, name="milestone-submit"),
    path("plans/milestones/<int:milestone_id>/approve/", views.milestone_approve, name="milestone-approve"),
    path("plans/milestones/<int:milestone_id>/request-changes/", views.milestone_request_changes,
         name="milestone-request-changes"),
]
