"""Export and import of the authenticated learner's data (included under /api/)."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .documents import (
    FORMAT,
    MAX_FILE_BYTES,
    VERSION,
    PortabilityError,
    export_learner,
    import_learner,
    parse_document,
)

EXAMPLE = {
    "format": FORMAT,
    "version": VERSION,
    "exported_at": "2026-11-23T19:30:00+00:00",
    "username": "alice",
    "roadmap": {
        "background": "software-developer",
        "target_role": "ml-architect",
        "hours_per_week": 5.5,
        "study_days": [0, 1, 2, 3],
        "start_date": "2026-11-23",
        "cloud": "aws",
    },
    "steps": [
        {
            "step": "python-for-data",
            "status": "done",
            "skip_source": "",
            "skip_reason": "",
            "keep": False,
            "note": "",
            "completed_on": "2026-12-10",
        }
    ],
    "sessions": [{"date": "2026-12-01", "minutes": 90, "step": "python-for-data", "note": ""}],
    "certifications": [
        {
            "certification": "aws-cloud-practitioner",
            "status": "passed",
            "exam_date": "2027-01-15",
            "passed_on": "2027-01-15",
            "credential_id": "",
            "credential_url": "",
        }
    ],
    "attempts": [
        {
            "assessment": "ml-lifecycle",
            "started": "2026-12-02T19:00:00+00:00",
            "deadline": None,
            "submitted": "2026-12-02T19:20:00+00:00",
            "score": 1.0,
            "answers": [{"question": "lifecycle-stages", "shown": ["b", "a", "c"], "selected": ["a"], "credit": 1.0}],
        }
    ],
    "self_ratings": [{"skill": "python", "level": 4}],
    "comments": [
        {"id": 1, "step": "python-for-data", "mine": True, "author": "alice", "parent": None,
         "body": "Is chapter 3 enough?", "created": "2026-12-03T20:00:00+00:00"},
        {"id": 2, "step": "python-for-data", "mine": False, "author": "maya", "parent": 1,
         "body": "Yes, then the exercises.", "created": "2026-12-04T08:00:00+00:00"},
    ],
}

Summary = inline_serializer(
    "ImportSummary",
    {
        "roadmap": serializers.BooleanField(),
        "steps": serializers.IntegerField(),
        "sessions": serializers.IntegerField(),
        "certifications": serializers.IntegerField(),
        "attempts": serializers.IntegerField(),
        "self_ratings": serializers.IntegerField(),
        "comments": serializers.IntegerField(help_text="The learner's own comments; a mentor's are never imported."),
    },
)
Errors = inline_serializer("ImportErrors", {"errors": serializers.ListField(child=serializers.CharField())})


class ExportView(APIView):
    @extend_schema(
        summary="Export my data",
        description="All of the authenticated learner's data as one versioned document; content is named by slug.",
        responses={200: OpenApiTypes.OBJECT},
        examples=[OpenApiExample("Export", value=EXAMPLE, response_only=True)],
        tags=["portability"],
    )
    def get(self, request):
        return Response(export_learner(user=request.user))


class ImportView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Import my data",
        description=(
            "Replace the authenticated learner's data with an exported document (at most 5 MB). "
            "The whole document is checked first: on any problem nothing changes and every problem is listed. "
            "Attempts are scored again from their answers; comments not the learner's own (`mine: false`, a "
            "mentor's) are read-only in the export and never imported."
        ),
        request=OpenApiTypes.OBJECT,
        responses={200: Summary, 400: Errors},
        examples=[OpenApiExample("Export document", value=EXAMPLE, request_only=True)],
        tags=["portability"],
    )
    def post(self, request):
        if request.content_type.split(";")[0].strip() != "application/json":
            raise UnsupportedMediaType(request.content_type)
        # The raw body, read one byte past the limit, goes through the same checks as an uploaded file.
        raw = request.stream.read(MAX_FILE_BYTES + 1) if request.stream else b""
        try:
            summary = import_learner(user=request.user, data=parse_document(raw))
        except PortabilityError as exc:
            return Response({"errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(summary.as_dict())


urlpatterns = [
    path("me/export/", ExportView.as_view(), name="me-export"),
    path("me/import/", ImportView.as_view(), name="me-import"),
]
