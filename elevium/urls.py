from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from elevium.accounts.access import role_required
from elevium.accounts.roles import ALL_ROLES
from elevium.accounts.views import LogoutView, admin_login_redirect
from elevium.health import healthz
from frontdesk import urls as frontdesk_urls


@role_required(*ALL_ROLES)
class SchemaApi(SpectacularAPIView):
    """The OpenAPI schema, for signed-in staff (it names no patient data, but maps the attack surface)."""


admin.site.site_header = "Elevium CDS administration"
admin.site.site_title = "Elevium CDS"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include(frontdesk_urls.accounts)),
    path("patients/", include(frontdesk_urls.patients)),
    path("api/patients/", include("patients.api_urls")),
    path("api/", include("reassessment.api_urls")),
    path("reassessments/", include("reassessment.urls")),
    path("api/", include("eligibility.api_urls")),
    path("eligibility/", include("eligibility.urls")),
    path("benefits/", include("benefits.urls")),
    path("api/benefits/", include("benefits.api_urls")),
    path("treatments/", include("treatments.urls")),
    path("api/treatments/", include("treatments.api_urls")),
    path("courses/", include("courses.urls")),
    path("api/courses/", include("courses.api_urls")),
    path("audit/", include("elevium.audit.urls")),
    path("api/schema/", SchemaApi.as_view(), name="api-schema"),
    # Shadows the admin's own login form, so there is one sign-in page with one lockout.
    path("admin/login/", admin_login_redirect),
    path("admin/logout/", LogoutView.as_view()),
    path("admin/", admin.site.urls),
]

# An unmatched path under /api/ (a malformed UUID, say) answers JSON like the API's own 404s.
handler404 = "elevium.lib.api_errors.not_found"
# So does a body refused before any view (too many fields, too large).
handler400 = "elevium.lib.api_errors.bad_request"
