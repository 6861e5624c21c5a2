from django.urls import path, re_path

from integrations.scim import views

app_name = "scim"

urlpatterns = [
    path("Users", views.UsersView.as_view(), name="users"),
    path("Users/.search", views.UsersSearchView.as_view(), name="users-search"),
    # Users is the only resource type, so a search of the whole service is a search of Users.
    path(".search", views.UsersSearchView.as_view(), name="search"),
    path("Users/<str:scim_id>", views.UserView.as_view(), name="user"),
    path("ServiceProviderConfig", views.ServiceProviderConfigView.as_view(), name="service-provider-config"),
    path("ResourceTypes", views.ResourceTypesView.as_view(), name="resource-types"),
    path("ResourceTypes/<str:name>", views.ResourceTypesView.as_view(), name="resource-type"),
    path("Schemas", views.SchemasView.as_view(), name="schemas"),
    re_path(r"^Schemas/(?P<schema_id>[^/]+)$", views.SchemasView.as_view(), name="schema"),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not-found"),
]
