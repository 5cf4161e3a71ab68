from django.urls import path

from . import api, api_metrics
from .api_capacity import CapacityView

urlpatterns = [
    path("documents/", api.DocumentList.as_view(), name="api-idp-documents"),
    path("documents/<int:pk>/", api.DocumentView.as_view(), name="api-idp-document"),
    path("documents/<int:pk>/retry/", api.RetryDocument.as_view(), name="api-idp-document-retry"),
    path("review-queue/", api.ReviewQueue.as_view(), name="api-idp-review-queue"),
    path("pages/<int:pk>/claim/", api.ClaimPage.as_view(), name="api-idp-claim"),
    path("pages/<int:pk>/review/", api.SubmitReview.as_view(), name="api-idp-review"),
    path("metrics/", api_metrics.MetricsView.as_view(), name="api-idp-metrics"),
    path("capacity/", CapacityView.as_view(), name="api-idp-capacity"),
]
