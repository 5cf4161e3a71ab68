from django.urls import path

from .views import calibration, capacity, dashboard, documents, line_review, review

app_name = "demo_idp"

urlpatterns = [
    path("", documents.upload, name="upload"),
    path("samples/<str:name>.png", documents.sample_image, name="sample_image"),
    path("documents/<int:pk>/", documents.document, name="document"),
    path("documents/", documents.document_list, name="document_list"),
    path("documents/<int:pk>/progress/", documents.document_progress, name="document_progress"),
    path("documents/<int:pk>/retry/", documents.document_retry, name="document_retry"),
    path("documents/<int:pk>/download/<str:kind>/", documents.document_download, name="document_download"),
    path("pages/<int:pk>/image.png", documents.page_image, name="page_image"),
    path("review/", review.review_queue, name="review_queue"),
    path("dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("dashboard/data/", dashboard.dashboard_data, name="dashboard_data"),
    path("dashboard/failed/<int:pk>/retry/", dashboard.dashboard_retry, name="dashboard_retry"),
    path("review/pages/<int:pk>/", review.review_page, name="review_page"),
    path("review/lines/", line_review.line_queue, name="line_queue"),
    path("review/lines/<int:pk>/", line_review.line_page, name="line_page"),
    path("review/lines/<int:pk>/image.png", line_review.line_image, name="line_image"),
    path("calibration/", calibration.calibration_page, name="calibration"),
    path("capacity/", capacity.capacity_planner, name="capacity"),
]
