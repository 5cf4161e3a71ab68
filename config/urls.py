from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api import obtain_token
from demo_idp.views.prometheus import metrics

from . import views

# The admin is ArchPath's (templates/admin/index.html says where curated content really lives).
admin.site.site_header = _("ArchPath administration")
admin.site.site_title = _("ArchPath admin")
admin.site.index_title = _("Curated content and accounts")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),  # Prometheus' default path, outside /demo/ for scrapers
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("roadmap/", include("roadmap.urls")),
    path("roadmap/", include("portability.urls")),
    path("roadmap/certifications/", include("certifications.urls")),
    path("roadmap/mentors/", include("mentoring.urls")),
    path("assessments/", include("assessments.urls")),
    path("demo/", include("demo_idp.urls")),
    path("api/", include("roadmap.api_urls")),
    path("api/", include("certifications.api")),
    path("api/", include("portability.api")),
    path("api/", include("mentoring.api")),
    path("api/", include("assessments.api")),
    path("api/idp/", include("demo_idp.api.urls")),
    path("api/auth/token/", obtain_token, name="api-token"),  # throttled (accounts/signin_throttle.py)
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(  # Swagger UI's page without its inline <style> (templates/api_docs.html), for the CSP
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api_docs.html"),
        name="api-docs",
    ),
]

handler404 = "config.views.not_found"  # JSON under /api/
