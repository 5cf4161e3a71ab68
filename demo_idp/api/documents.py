"""The document API: upload, follow a document, retry a failed one.

Views are thin: validation is in intake/uploads.py, queueing in dispatch.py. A document someone
else uploaded answers 404, as if it did not exist.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import format_lazy
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import answers

from .. import dispatch
from ..intake import uploads, visitors
from ..intake.throttle import TooManyUploads, UploadThrottle
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
    file = serializers.ListField(
        # An empty file is refused by uploads.py, per file, like any other bad one.
        child=serializers.FileField(allow_empty_file=True), min_length=1,
        help_text=format_lazy("{} Send the field once per file to upload several in one request.", accepted_files()))


class AcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Document.Status.choices)
    url = serializers.URLField(help_text="Follow the document here.")
    duplicate = serializers.BooleanField(help_text="True when you had sent these bytes before: the earlier document.")


class FileOutcomeSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The file's name, cleaned.")
    result = serializers.ChoiceField(choices=["queued", "refused"])
    reason = serializers.CharField(allow_blank=True, help_text="Why the file was refused; empty when queued.")
    id = serializers.IntegerField(allow_null=True, help_text="The document; null when refused.")
    status = serializers.ChoiceField(choices=Document.Status.choices, allow_null=True)
    url = serializers.URLField(allow_null=True, help_text="Follow the document here; null when refused.")
    duplicate = serializers.BooleanField(help_text="True when you had sent these bytes before: the earlier document.")


class BatchSerializer(serializers.Serializer):
    queued = serializers.IntegerField(help_text="Files queued (or sent before).")
    refused = serializers.IntegerField(help_text="Files refused.")
    files = FileOutcomeSerializer(many=True, help_text="What became of each file, in the order sent.")


UploadError = inline_serializer("UploadError", {"file": serializers.ListField(child=serializers.CharField())})
BATCH = ("Several files: 202 when every one is queued, 207 when some are queued and some refused, 400 when none "
         "is; the body says per file (Batch). One file: 202 with the document (Accepted), or 400 with the reason.")


def _accepted_body(request, document: Document, *, duplicate: bool) -> dict:
    url = request.build_absolute_uri(reverse("api-idp-document", args=[document.pk]))
    return {"id": document.pk, "status": document.status, "url": url, "duplicate": duplicate}


def _accepted(request, document: Document, *, duplicate: bool) -> Response:
    """202 with where to follow the document (AcceptedSerializer), for an upload and a retry alike."""
    return Response(_accepted_body(request, document, duplicate=duplicate), status=status.HTTP_202_ACCEPTED)


def _messages(errors) -> list[str]:
    """The file field's messages as one list, as UploadError says (a ListField keys each item's by its index)."""
    if isinstance(errors, dict):
        return [str(message) for messages in errors.values() for message in messages]
    return [str(message) for message in errors]


def _batch_body(request, outcomes: list[uploads.Outcome]) -> dict:
    files = [{"name": outcome.name, "result": "queued" if outcome.document else "refused", "reason": outcome.reason,
              **(_accepted_body(request, outcome.document, duplicate=not outcome.created) if outcome.document else
                 {"id": None, "status": None, "url": None, "duplicate": False})} for outcome in outcomes]
    queued = sum(file["result"] == "queued" for file in files)
    return {"queued": queued, "refused": len(files) - queued, "files": files}


class DocumentList(APIView):
    parser_classes = [MultiPartParser, FormParser]

    def get_throttles(self):
        # Uploads only: listing one's documents is not limited.
        return [UploadThrottle()] if self.request.method == "POST" else []

    def throttled(self, request, wait):
        raise TooManyUploads(wait)

    @extend_schema(responses=DocumentSerializer(many=True), summary="Your documents, newest first")
    def get(self, request):
        documents = visitors.visible_documents(request).prefetch_related("pages__lines")[:100]
        return Response(DocumentSerializer(documents, many=True).data)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={
            202: PolymorphicProxySerializer("Uploaded", [AcceptedSerializer, BatchSerializer], None),
            207: BatchSerializer,
            400: PolymorphicProxySerializer("UploadRefused", [UploadError, BatchSerializer], None),
        },
        summary="Upload scans: validated now, processed by a worker (poll each returned url)",
        description=BATCH,
    )
    def post(self, request):
        upload = UploadSerializer(data=request.data)
        if not upload.is_valid():  # no file, or a part that is not one
            raise ValidationError({"file": _messages(upload.errors["file"])})
        files = upload.validated_data["file"]
        outcomes = uploads.upload_files(files, owner=request.user, visitor_id=visitors.visitor_id(request))
        if len(outcomes) == 1:
            if not outcomes[0].document:
                raise ValidationError({"file": [outcomes[0].reason]})
            return _accepted(request, outcomes[0].document, duplicate=not outcomes[0].created)
        return Response(_batch_body(request, outcomes), status=uploads.batch_status(outcomes))


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
