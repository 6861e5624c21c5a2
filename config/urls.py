from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config import bench_views

api_v1 = [
    path("", include("people.api.urls")),
    path("", include("devplans.api.urls")),
    path("", include("coaching.api.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("bench/bare/", bench_views.bare, name="bench-bare"),
    path("", include("people.urls")),
    path("", include("devplans.urls")),
    path("", include("coaching.urls")),
]

handler404 = "config.views.not_found"
handler500 = "config.views.server_error"
