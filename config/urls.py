from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from insights.health import healthz
from people.oidc import SignInForm

api_v1 = [
    path("", include("people.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("alumni.api.urls")),
    path("", include("devplans.api.urls")),
    path("", include("coaching.api.urls")),
]

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/mfa/", include("people.urls_mfa")),
    path("accounts/", include("people.urls")),  # invitations; the throttled password reset
    # Company single sign-on (people.oidc): the provider's redirect URI is /accounts/oidc/callback/.
    path("accounts/oidc/", include("mozilla_django_oidc.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include(api_v1)),
    path("scim/v2/", include("integrations.scim.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("insights.urls")),
    path("", include("notifications.urls")),
    path("", include("alumni.urls")),
    path("", include("devplans.urls")),
    path("", include("coaching.urls")),
]

if settings.CATALYST_BENCH_VIEW:
    # The benchmark's reference point (bench/): never part of a production deployment.
    from config import bench_views

    urlpatterns.append(path("bench/bare/", bench_views.bare, name="bench-bare"))

handler400 = "config.views.bad_request"
handler404 = "config.views.not_found"
handler500 = "config.views.server_error"
