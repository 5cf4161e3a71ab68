from django.urls import path

from . import capacity, documents, line_review, metrics, review

urlpatterns = [
    path("documents/", documents.DocumentList.as_view(), name="api-idp-documents"),
    path("documents/<int:pk>/", documents.DocumentView.as_view(), name="api-idp-document"),
    path("documents/<int:pk>/retry/", documents.RetryDocument.as_view(), name="api-idp-document-retry"),
    path("review-queue/", review.ReviewQueue.as_view(), name="api-idp-review-queue"),
    path("pages/<int:pk>/claim/", review.ClaimPage.as_view(), name="api-idp-claim"),
    path("pages/<int:pk>/review/", review.SubmitReview.as_view(), name="api-idp-review"),
    path("review/lines/", line_review.LineQueue.as_view(), name="api-idp-line-queue"),
    path("review/lines/<int:pk>/", line_review.ReviewLine.as_view(), name="api-idp-line-review"),
    path("review/lines/<int:pk>/claim/", line_review.ClaimLine.as_view(), name="api-idp-line-claim"),
    path("review/lines/<int:pk>/release/", line_review.ReleaseLine.as_view(), name="api-idp-line-release"),
    path("pages/<int:pk>/release/", review.ReleasePage.as_view(), name="api-idp-release"),
    path("pages/<int:pk>/skip/", review.SkipPage.as_view(), name="api-idp-skip"),
    path("pages/<int:pk>/unreadable/", review.MarkUnreadable.as_view(), name="api-idp-unreadable"),
    path("metrics/", metrics.MetricsView.as_view(), name="api-idp-metrics"),
    path("capacity/", capacity.CapacityView.as_view(), name="api-idp-capacity"),
]
