"""The document-processing API: upload, follow a document, and the reviewers' queue.

Views are thin: validation is in uploads.py, claims and corrections in review.py. A document
someone else uploaded answers 404, as if it did not exist; the review endpoints answer 403 to
anyone without the reviewer role.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import REVIEWER, has_role

from . import pipeline, review, uploads, visitors
from .models import Document, Page, Review

NOT_YOURS = "A document another person uploaded answers 404, as if it did not exist."


class IsReviewer(permissions.BasePermission):
    message = "Only reviewers work the review queue."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and has_role(request.user, REVIEWER))


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class WordSerializer(serializers.Serializer):
    text = serializers.CharField()
    confidence = serializers.FloatField(help_text="0 to 100.")
    box = serializers.ListField(
        child=serializers.IntegerField(), min_length=4, max_length=4,
        help_text="left, top, width, height in pixels of the upright page image.",
    )


class PageSerializer(serializers.ModelSerializer):
    words = serializers.SerializerMethodField()
    route = serializers.ChoiceField(choices=Page.Route.choices, allow_blank=True)

    class Meta:
        model = Page
        fields = [
            "id", "number", "status", "stage", "rotation", "skew_angle", "text", "mean_confidence",
            "low_confidence_share", "route", "route_reason", "words", "final_text", "timings", "width", "height",
        ]

    @extend_schema_field(WordSerializer(many=True))
    def get_words(self, page: Page) -> list[dict]:
        return [{"text": w["text"], "confidence": w["confidence"], "box": w["box"]} for w in page.words]


class DocumentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    error = serializers.SerializerMethodField(help_text="Why processing failed; null unless status is failed.")
    pages = PageSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = ["id", "name", "status", "error", "content_type", "size", "page_count", "created", "finished",
                  "sla_deadline", "pages"]

    def get_error(self, document: Document) -> str | None:
        return document.error if document.status == Document.Status.FAILED else None


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PNG, JPEG, TIFF or PDF (at most 20 pages), up to 20 MB.")


class AcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Document.Status.choices)
    url = serializers.URLField(help_text="Follow the document here.")
    duplicate = serializers.BooleanField(help_text="True when you had sent these bytes before: the earlier document.")


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


class DocumentList(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=DocumentSerializer(many=True), summary="Your documents, newest first")
    def get(self, request):
        documents = visitors.visible_documents(request).prefetch_related("pages")[:100]
        return Response(DocumentSerializer(documents, many=True).data)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={202: AcceptedSerializer, 400: inline_serializer("UploadError", {"file": serializers.ListField(
            child=serializers.CharField())})},
        summary="Upload a scan: validated now, processed by a worker (poll the returned url)",
    )
    def post(self, request):
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            document, created = uploads.upload_file(
                file=upload.validated_data["file"], owner=request.user,
                visitor_id=visitors.visitor_id(request),
            )
        except uploads.UploadRefused as refused:
            raise ValidationError({"file": [refused.reason]}) from None
        url = request.build_absolute_uri(reverse("api-idp-document", args=[document.pk]))
        body = {"id": document.pk, "status": document.status, "url": url, "duplicate": not created}
        return Response(body, status=status.HTTP_202_ACCEPTED)


class DocumentView(APIView):
    @extend_schema(responses=DocumentSerializer, description=NOT_YOURS,
                   summary="A document's status and its pages: text, words with boxes and confidences, route")
    def get(self, request, pk):
        document = get_object_or_404(visitors.visible_documents(request).prefetch_related("pages"), pk=pk)
        return Response(DocumentSerializer(document).data)


class RetryDocument(APIView):
    @extend_schema(request=None, responses={202: AcceptedSerializer}, description=NOT_YOURS,
                   summary="Queue a failed document again")
    def post(self, request, pk):
        document = get_object_or_404(visitors.visible_documents(request), pk=pk)
        if not pipeline.retry_document(document):
            raise Conflict("only a failed document can be retried")
        url = request.build_absolute_uri(reverse("api-idp-document", args=[document.pk]))
        return Response({"id": document.pk, "status": document.status, "url": url, "duplicate": False},
                        status=status.HTTP_202_ACCEPTED)


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
