from django.urls import path

from . import views, views_calibration, views_dashboard
from .views_capacity import capacity_planner

app_name = "demo_idp"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("samples/<str:name>.png", views.sample_image, name="sample_image"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/progress/", views.document_progress, name="document_progress"),
    path("documents/<int:pk>/retry/", views.document_retry, name="document_retry"),
    path("documents/<int:pk>/download/<str:kind>/", views.document_download, name="document_download"),
    path("pages/<int:pk>/image.png", views.page_image, name="page_image"),
    path("review/", views.review_queue, name="review_queue"),
    path("dashboard/", views_dashboard.dashboard_page, name="dashboard"),
    path("dashboard/data/", views_dashboard.dashboard_data, name="dashboard_data"),
    path("dashboard/failed/<int:pk>/retry/", views_dashboard.dashboard_retry, name="dashboard_retry"),
    path("review/pages/<int:pk>/", views.review_page, name="review_page"),
    path("calibration/", views_calibration.calibration_page, name="calibration"),
    path("capacity/", capacity_planner, name="capacity"),
]
