"""The reviewers' API: the queue, claiming a page, submitting its correction, releasing or skipping
it, marking it unreadable.

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
from core.api_schema import answers

from .. import review
from ..forms import QueueFilterForm
from ..models import Page, Review
from .documents import Conflict
from .query import form_parameters, validated_form


class IsReviewer(permissions.BasePermission):
    message = "Only reviewers work the review queue."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and has_role(request.user, REVIEWER))


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True,
                                            help_text="Who holds or held the claim; null while nobody does.")

    class Meta:
        model = Review
        fields = ["page", "status", "reviewer", "claimed_at", "claim_expires", "submitted_at", "corrected_text",
                  "edit_distance", "reason"]


class QueueItemSerializer(serializers.ModelSerializer):
    page = serializers.IntegerField(source="page_id")
    document = serializers.IntegerField(source="page.document_id")
    document_name = serializers.CharField(source="page.document.original_name")
    number = serializers.IntegerField(source="page.number")
    sla_deadline = serializers.DateTimeField(source="page.document.sla_deadline")
    mean_confidence = serializers.FloatField(source="page.mean_confidence", allow_null=True,
                                             help_text="Null until the page is read.")
    route_reason = serializers.CharField(source="page.route_reason")
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True,
                                            help_text="Who holds or held the claim; null while nobody does.")

    class Meta:
        model = Review
        fields = ["page", "document", "document_name", "number", "sla_deadline", "mean_confidence", "route_reason",
                  "status", "reviewer", "claim_expires"]


class ReviewInSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=review.MAX_TEXT,
                                 help_text="The page's corrected text.")


class UnreadableInSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=review.MAX_REASON, help_text="Why the page cannot be read.")


# The queue's filters, as QueueFilterForm (the queue page's) validates them.
QUEUE_FILTERS = form_parameters(QueueFilterForm)


class ReviewQueue(APIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    @extend_schema(responses=QueueItemSerializer(many=True), parameters=QUEUE_FILTERS,
                   summary="Pages waiting for review (yours included, those you skipped left out), earliest SLA "
                           "deadline first; ?type=pdf, ?why=audit|rules, ?show=mine|skipped, ?overdue=true filter")
    def get(self, request):
        form = validated_form(QueueFilterForm, request.query_params)  # the page's filters, strictly read
        queue = review.review_queue(reviewer=request.user, **form.filters())[:200]
        return Response(QueueItemSerializer(queue, many=True).data)


class ClaimPage(APIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    @extend_schema(request=None, responses={200: ReviewSerializer},
                   summary="Lock a page for yourself until the claim expires (409 if another reviewer holds it)")
    @answers(409)
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
    @answers(409)  # not claimed by you, or already submitted
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


def _act(action, request, pk, **fields):
    """Run a review.py action on the page: 404 for no such page, 400 for bad input, 409 when refused."""
    page = get_object_or_404(Page.objects.select_related("document"), pk=pk)
    try:
        done = action(page=page, reviewer=request.user, **fields)
    except review.ReviewError as error:
        if error.status == 400:
            raise ValidationError({next(iter(fields), "detail"): [error.reason]}) from None
        raise Conflict(error.reason) from None
    return Response(ReviewSerializer(done).data)


class ReleasePage(APIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    @extend_schema(request=None, responses={200: ReviewSerializer},
                   summary="Give your claim back: the page is open to every reviewer again (409 if not yours)")
    @answers(409)
    def post(self, request, pk):
        return _act(review.release_page, request, pk)


class SkipPage(APIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    @extend_schema(request=None, responses={200: ReviewSerializer},
                   summary="Move on: the page leaves your queue (your claim given back) and stays in the others' "
                           "(409 if skipped already or finished)")
    @answers(409)
    def post(self, request, pk):
        return _act(review.skip_page, request, pk)


class MarkUnreadable(APIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    @extend_schema(request=UnreadableInSerializer, responses={200: ReviewSerializer},
                   summary="Finish a page you claimed with no text and the reason it cannot be read")
    @answers(409)
    def post(self, request, pk):
        body = UnreadableInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return _act(review.mark_unreadable, request, pk, reason=body.validated_data["reason"])
