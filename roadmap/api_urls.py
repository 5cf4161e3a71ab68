from django.urls import include, path

urlpatterns = [
    path("", include("roadmap.cert_api")),
]
