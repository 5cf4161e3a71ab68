"""How a page's lines appear in the API: each line's text, confidence, box, route and final text.

Only serializers (the document API nests LineSerializer in every page; line_review.py serves the
reviewers' line endpoints), so that both can import them without importing each other.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import lines
from ..models import Line


class LineSerializer(serializers.ModelSerializer):
    box = serializers.ListField(
        child=serializers.IntegerField(), min_length=4, max_length=4,
        help_text="left, top, width, height in pixels of the upright page image.",
    )
    confidence = serializers.FloatField(help_text="The line's mean word confidence, 0 to 100.")
    route = serializers.ChoiceField(choices=Line.Route.choices, help_text="accepted as read, or sent to a person.")
    reason = serializers.CharField(help_text="Why the line was routed so, as a sentence.")
    final_text = serializers.SerializerMethodField(
        help_text="The line's text in the final text: as read, or as a reviewer corrected it; null while it "
                  "waits for review, and for a page reviewed as a whole (the page's final_text has it)."
    )

    class Meta:
        model = Line
        fields = ["id", "number", "text", "confidence", "box", "route", "reason", "status", "final_text"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_final_text(self, line: Line) -> str | None:
        if line.status == Line.Status.WITH_PAGE or not line.is_decided:
            return None
        return line.final_text


class QueueLineSerializer(serializers.ModelSerializer):
    page = serializers.IntegerField(source="page_id")
    page_number = serializers.IntegerField(source="page.number")
    document = serializers.IntegerField(source="page.document_id")
    document_name = serializers.CharField(source="page.document.original_name")
    sla_deadline = serializers.DateTimeField(source="page.document.sla_deadline", allow_null=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Line
        fields = ["id", "page", "page_number", "document", "document_name", "number", "text", "confidence", "box",
                  "reason", "status", "reviewer", "claim_expires", "sla_deadline"]


class ReviewedLineSerializer(QueueLineSerializer):
    class Meta(QueueLineSerializer.Meta):
        fields = [*QueueLineSerializer.Meta.fields, "corrected_text", "final_text", "reviewed_at"]


class LineReviewInSerializer(serializers.Serializer):
    class Action:
        CORRECT, CONFIRM, UNREADABLE = "correct", "confirm", "unreadable"

    action = serializers.ChoiceField(
        choices=[Action.CORRECT, Action.CONFIRM, Action.UNREADABLE], default=Action.CORRECT,
        help_text="correct: store `text` as the line's text; confirm: the line is right as read; "
                  "unreadable: nobody can read it (it adds nothing to the final text).",
    )
    text = serializers.CharField(
        required=False, trim_whitespace=True, max_length=lines.MAX_LINE_TEXT,
        help_text="The corrected line (needed to correct; one line: whitespace is collapsed).",
    )

    def validate(self, data):
        if data["action"] == self.Action.CORRECT and not data.get("text", "").strip():
            raise serializers.ValidationError({"text": ["Give the corrected text of the line."]})
        return data
