from django.urls import path

from devplans import views

app_name = "devplans"

urlpatterns = [
    path("plans/mine/", views.my_plan, name="my-plan"),
]
