"""Certification catalog and records API (included under /api/).

GET  certification-catalog/        public: every certification with its validity and replacement
GET  certifications/               the current learner's records
POST certifications/               track a certification (rules in certifications.records.save_record)
GET/PATCH/DELETE certifications/<id>/   one of the learner's own records; anyone else's is a 404
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers

from roadmap.models import Certification

from .models import CertificationRecord
from .records import catalog, save_record


class CertificationCatalogSerializer(serializers.ModelSerializer):
    retired = serializers.SerializerMethodField()
    replaced_by = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True,
                                               help_text="The certification that replaces it; null if none.")

    class Meta:
        model = Certification
        fields = ["slug", "vendor", "code", "name", "level", "validity_months", "retired", "retired_on", "replaced_by"]

    def get_retired(self, certification) -> bool:
        return certification.status == Certification.Status.RETIRED


EDITABLE = ["certification", "status", "exam_date", "passed_on", "credential_id", "credential_url"]
# What a POST leaves out; a PATCH keeps the record's own values instead.
NEW_RECORD = {"status": CertificationRecord.Status.PLANNED, "exam_date": None, "passed_on": None,
              "credential_id": "", "credential_url": ""}


class CertificationRecordSerializer(serializers.ModelSerializer):
    certification = serializers.SlugRelatedField(slug_field="slug", queryset=catalog())

    class Meta:
        model = CertificationRecord
        fields = ["id", *EDITABLE, "expires_on"]
        read_only_fields = ["id", "expires_on"]
        # The one-record-per-certification rule is checked (with a clearer message) by save_record.
        validators: list = []

    def _save(self, record=None):
        current = {name: getattr(record, name) for name in EDITABLE} if record else NEW_RECORD
        try:
            return save_record(user=self.context["request"].user, record=record, **(current | self.validated_data))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error

    def create(self, validated_data):
        return self._save()

    def update(self, instance, validated_data):
        return self._save(instance)


@extend_schema(summary="The certification catalog", auth=[])
class CatalogList(generics.ListAPIView):
    serializer_class = CertificationCatalogSerializer
    permission_classes = [permissions.AllowAny]
    queryset = catalog()


class OwnRecords:
    # Only the current learner's records: anyone else's is simply not found (404).
    serializer_class = CertificationRecordSerializer

    def get_queryset(self):
        return CertificationRecord.objects.filter(user=self.request.user).select_related("certification")


RULES = (
    "A pass date cannot be before the exam date or in the future; passed needs a pass date; "
    "a retired certification cannot be planned, prepared for or booked. Breaking a rule is a 400 "
    "naming the field, and nothing is saved. `expires_on` follows from the pass date and the vendor's validity."
)

NOT_YOURS = "Another learner's record is a 404."


@extend_schema_view(
    get=extend_schema(summary="Your certification records"),
    post=extend_schema(summary="Track a certification", description=RULES),
)
class RecordList(OwnRecords, generics.ListCreateAPIView):
    pass


@extend_schema_view(
    get=extend_schema(summary="One of your certification records", description=NOT_YOURS),
    patch=extend_schema(summary="Change one of your certification records", description=f"{RULES} {NOT_YOURS}"),
    delete=extend_schema(summary="Stop tracking a certification", description=NOT_YOURS),
)
class RecordDetail(OwnRecords, generics.RetrieveUpdateDestroyAPIView):
    http_method_names = ["get", "patch", "delete", "head", "options"]


urlpatterns = [
    path("certification-catalog/", CatalogList.as_view(), name="api-certification-catalog"),
    path("certifications/", RecordList.as_view(), name="api-certifications"),
    path("certifications/<int:pk>/", RecordDetail.as_view(), name="api-certification"),
]
