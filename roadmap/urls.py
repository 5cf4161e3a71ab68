from django.urls import include, path

app_name = "roadmap"

urlpatterns = [
    path("certifications/", include("roadmap.cert_urls")),
    path("", include("roadmap.portability_urls")),
]
