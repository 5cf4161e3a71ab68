"""The reviewers' API: the queue, claiming a page, submitting its correction.

Views are thin: claims and corrections are in review.py. Every endpoint answers 403 to anyone
without the reviewer role.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import REVIEWER, has_role

from .. import review
from ..models import Page, Review
from .documents import Conflict


class IsReviewer(permissions.BasePermission):
    message = "Only reviewers work the review queue."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and has_role(request.user, REVIEWER))


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Review
        fields = ["page", "status", "reviewer", "claimed_at", "claim_expires", "submitted_at", "corrected_text",
                  "edit_distance"]


class QueueItemSerializer(serializers.ModelSerializer):
    page = serializers.IntegerField(source="page_id")
    document = serializers.IntegerField(source="page.document_id")
    document_name = serializers.CharField(source="page.document.original_name")
    number = serializers.IntegerField(source="page.number")
    sla_deadline = serializers.DateTimeField(source="page.document.sla_deadline")
    mean_confidence = serializers.FloatField(source="page.mean_confidence")
    route_reason = serializers.CharField(source="page.route_reason")
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Review
        fields = ["page", "document", "document_name", "number", "sla_deadline", "mean_confidence", "route_reason",
                  "status", "reviewer", "claim_expires"]


class ReviewInSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=review.MAX_TEXT,
                                 help_text="The page's corrected text.")


class ReviewQueue(APIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    @extend_schema(responses=QueueItemSerializer(many=True),
                   summary="Pages waiting for review (yours included), earliest SLA deadline first")
    def get(self, request):
        queue = review.review_queue(reviewer=request.user)[:200]
        return Response(QueueItemSerializer(queue, many=True).data)


class ClaimPage(APIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    @extend_schema(request=None, responses={200: ReviewSerializer},
                   summary="Lock a page for yourself until the claim expires (409 if another reviewer holds it)")
    def post(self, request, pk):
        page = get_object_or_404(Page, pk=pk)
        try:
            claimed = review.claim_page(page=page, reviewer=request.user)
        except review.ReviewError as error:
            raise Conflict(error.reason) from None
        return Response(ReviewSerializer(claimed).data)


class SubmitReview(APIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    @extend_schema(request=ReviewInSerializer, responses={200: ReviewSerializer},
                   summary="Submit the corrected text of a page you claimed")
    def post(self, request, pk):
        page = get_object_or_404(Page.objects.select_related("document"), pk=pk)
        body = ReviewInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            submitted = review.submit_review(page=page, reviewer=request.user, text=body.validated_data["text"])
        except review.ReviewError as error:
            if error.status == 400:
                raise ValidationError({"text": [error.reason]}) from None
            raise Conflict(error.reason) from None
        return Response(ReviewSerializer(submitted).data)
