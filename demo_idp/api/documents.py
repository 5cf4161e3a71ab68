"""The document API: upload, follow a document, retry a failed one.

Views are thin: validation is in intake/uploads.py, queueing in dispatch.py. A document someone
else uploaded answers 404, as if it did not exist.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import answers

from .. import dispatch
from ..intake import uploads, visitors
from ..intake.limits import accepted_files
from ..models import Document, Page
from .lines import LineSerializer

NOT_YOURS = "A document another person uploaded answers 404, as if it did not exist."


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
    lines = LineSerializer(many=True, read_only=True, help_text="The page's OCR lines, each routed on its own.")
    route = serializers.ChoiceField(choices=Page.Route.choices, allow_blank=True)

    class Meta:
        model = Page
        fields = [
            "id", "number", "status", "stage", "rotation", "skew_angle", "text", "mean_confidence",
            "low_confidence_share", "route", "route_reason", "words", "lines", "final_text", "timings", "width",
            "height",
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
    file = serializers.FileField(help_text=accepted_files())


class AcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Document.Status.choices)
    url = serializers.URLField(help_text="Follow the document here.")
    duplicate = serializers.BooleanField(help_text="True when you had sent these bytes before: the earlier document.")


def _accepted(request, document: Document, *, duplicate: bool) -> Response:
    """202 with where to follow the document (AcceptedSerializer), for an upload and a retry alike."""
    url = request.build_absolute_uri(reverse("api-idp-document", args=[document.pk]))
    body = {"id": document.pk, "status": document.status, "url": url, "duplicate": duplicate}
    return Response(body, status=status.HTTP_202_ACCEPTED)


class DocumentList(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=DocumentSerializer(many=True), summary="Your documents, newest first")
    def get(self, request):
        documents = visitors.visible_documents(request).prefetch_related("pages__lines")[:100]
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
        return _accepted(request, document, duplicate=not created)


class DocumentView(APIView):
    @extend_schema(responses=DocumentSerializer, description=NOT_YOURS,
                   summary="A document's status and its pages: text, words with boxes and confidences, route")
    def get(self, request, pk):
        document = get_object_or_404(visitors.visible_documents(request).prefetch_related("pages__lines"), pk=pk)
        return Response(DocumentSerializer(document).data)


class RetryDocument(APIView):
    @extend_schema(request=None, responses={202: AcceptedSerializer}, description=NOT_YOURS,
                   summary="Queue a failed document again")
    @answers(409)  # only a failed document can be retried
    def post(self, request, pk):
        document = get_object_or_404(visitors.visible_documents(request), pk=pk)
        if not dispatch.retry_document(document):
            raise Conflict("only a failed document can be retried")
        return _accepted(request, document, duplicate=False)
