"""GET /api/idp/metrics/: the pipeline's headline figures over a window, for anyone.

Public because it holds aggregates only: counts, rates, percentiles and a histogram, never a
document, a page's text or a reviewer's name. The figures are computed by metrics.summary.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..monitoring import metrics
from ..monitoring.filters import WindowQuery


class MetricsSerializer(serializers.Serializer):
    window = serializers.ChoiceField(choices=metrics.WINDOW_NAMES)
    start = serializers.DateTimeField(help_text="Events finished at or after this instant count...")
    end = serializers.DateTimeField(help_text="...and before this one.")
    file_type = serializers.CharField(help_text="The filter applied; empty for all types.")
    throughput = inline_serializer("MetricsThroughput", {
        "uploaded": serializers.IntegerField(help_text="Documents uploaded."),
        "processed": serializers.IntegerField(help_text="Pages read and routed."),
        "reviewed": serializers.IntegerField(help_text="Pages whose review was submitted."),
        "per_minute": inline_serializer(
            "MetricsPerMinute", {key: serializers.FloatField() for key in ("uploaded", "processed", "reviewed")}
        ),
    })
    latency_p50_s = serializers.FloatField(allow_null=True, help_text="Median seconds from upload to routed.")
    latency_p95_s = serializers.FloatField(allow_null=True, help_text="95th percentile, upload to routed.")
    final_latency_p50_s = serializers.FloatField(
        allow_null=True, help_text="Median seconds from upload to done, with the review where there was one."
    )
    final_latency_p95_s = serializers.FloatField(allow_null=True, help_text="95th percentile, upload to final.")
    latency_resolution = serializers.CharField(help_text="How exact the latency percentiles are.")
    queue_depth = inline_serializer("MetricsQueueDepth", {
        "waiting_for_worker": serializers.IntegerField(help_text="Documents queued now."),
        "waiting_for_reviewer": serializers.IntegerField(
            help_text="Pages waiting for a person now: read whole, or by their doubtful lines."),
        "lines_for_reviewer": serializers.IntegerField(help_text="Doubtful lines waiting for a person now."),
    })
    review_rate = serializers.FloatField(allow_null=True, help_text="Share of routed pages sent to review, 0 to 1.")
    failure_rate = serializers.FloatField(
        allow_null=True, help_text="Share of documents that failed among those routed or failed, 0 to 1."
    )
    sla_compliance = serializers.FloatField(
        allow_null=True,
        help_text="Documents final on time over those final plus those open past their deadline, 0 to 1.",
    )
    confidence_histogram = inline_serializer("MetricsConfidenceHistogram", {
        "bins": serializers.ListField(child=serializers.IntegerField(), help_text=f"Lower edge of each bin of {metrics.BIN_WIDTH}."),
        "auto_accepted": serializers.ListField(child=serializers.IntegerField()),
        "review": serializers.ListField(child=serializers.IntegerField()),
    })


class MetricsView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[WindowQuery],
        responses={200: MetricsSerializer, 400: inline_serializer("MetricsQueryError", {
            "window": serializers.ListField(child=serializers.CharField(), required=False),
            "file_type": serializers.ListField(child=serializers.CharField(), required=False),
        })},
        summary="Throughput, latency percentiles, queue depth, review, failure and SLA rates over a window",
        description="Aggregates only. A rate or percentile is null when the window has no event to compute it from.",
    )
    def get(self, request):
        query = WindowQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        body = metrics.summary(query.validated_data["window"], file_type=query.validated_data["file_type"])
        return Response(MetricsSerializer(body).data)
