"""GET /api/idp/capacity/: the capacity planner's answer (capacity.py) for the given inputs.

Public: it answers with arithmetic and aggregates of the last week's events, never a document.
A parameter left out takes the measured figure (or the reference, or the default), and the
response says which under `inputs`.
"""

import math

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..monitoring import capacity

SOURCES = [capacity.MEASURED, capacity.REFERENCE, capacity.ASSUMPTION, capacity.INPUT, capacity.DEFAULT]


class CapacityQuery(serializers.Serializer):
    documents_per_day = serializers.IntegerField(
        required=False, min_value=1, max_value=capacity.MAX_DOCUMENTS_PER_DAY,
        help_text=_("Documents uploaded a day; default 10,000,000."),
    )
    pages_per_document = serializers.FloatField(
        required=False, max_value=capacity.MAX_PAGES_PER_DOCUMENT, validators=[capacity.validate_positive],
        help_text=_("Above 0; default: measured over the last 7 days, else 1."),
    )
    sla_hours = serializers.FloatField(
        required=False, min_value=1, max_value=capacity.MAX_SLA_HOURS,
        help_text=_("Upload to final, in hours; default: the site's SLA (IDP_SLA_HOURS)."),
    )
    reviewer_pages_per_hour = serializers.FloatField(
        required=False, max_value=capacity.MAX_REVIEWER_PAGES_PER_HOUR, validators=[capacity.validate_positive],
        help_text=_("Above 0; default: 3600 / the median review measured, else an assumed 30."),
    )
    review_rate = serializers.FloatField(
        required=False, min_value=0, max_value=1,
        help_text=_("Share of pages sent to review, 0 to 1; default: measured, else the reference 0.92."),
    )
    cores_per_worker = serializers.IntegerField(
        required=False, min_value=1, max_value=capacity.MAX_CORES_PER_WORKER, help_text=_("Default 8."),
    )
    reviewer_hours_per_day = serializers.IntegerField(
        required=False, min_value=1, max_value=24, help_text=_("A reviewer's shift from 08:00; default 8."),
    )
    arrival = serializers.ChoiceField(
        required=False, choices=list(capacity.ARRIVALS.items()),
        help_text=_("When documents arrive: flat, or office (80% between 08:00 and 18:00, the default)."),
    )


class FigureSerializer(serializers.Serializer):
    value = serializers.FloatField()
    source = serializers.ChoiceField(choices=SOURCES)
    sample = serializers.IntegerField(help_text=_("Events behind a measured figure; 0 otherwise."))
    note = serializers.CharField()


def hourly(help_text: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.FloatField(), min_length=24, max_length=24, help_text=help_text)


class CapacitySerializer(serializers.Serializer):
    seconds_per_page = serializers.FloatField(help_text=_("Seconds of work a page takes one core (measured)."))
    cores_needed = serializers.IntegerField(
        allow_null=True, help_text=_("Null: the SLA is shorter than a page's work."))
    workers_needed = serializers.IntegerField(allow_null=True)
    reviewers_needed = serializers.IntegerField(
        allow_null=True, help_text=_("Null: no number of daytime reviewers reviews every page within the SLA."))
    arrival = serializers.ChoiceField(choices=list(capacity.ARRIVALS))
    inputs = serializers.DictField(child=FigureSerializer(), help_text=_("Every number used, and where it came from."))
    pages_per_day = serializers.FloatField()
    core_seconds_per_day = serializers.FloatField()
    max_utilisation = serializers.FloatField(help_text=_("The most a core or a reviewer is planned to be busy."))
    cores_at_full_load = serializers.IntegerField()
    cores_for_daily_work = serializers.IntegerField()
    review_pages_per_day = serializers.FloatField()
    reviewers_for_daily_work = serializers.IntegerField()
    arrivals_by_hour = hourly(_("Pages arriving in each hour, 00:00 first."))
    queue_depth_by_hour = hourly(_("Pages waiting for a worker at the end of each hour of a steady day."))
    review_queue_by_hour = hourly(_("Pages waiting for a reviewer at the end of each hour of a steady day."))
    max_wait_hours = serializers.FloatField(allow_null=True, help_text=_("The longest wait for a worker."))
    max_review_wait_hours = serializers.FloatField(allow_null=True, help_text=_("The longest wait for a reviewer."))
    explanation = serializers.ListField(child=serializers.CharField(), help_text=_("The arithmetic, in sentences."))


def _hours(hours: float) -> float | None:
    return None if math.isinf(hours) else round(hours, 3)


def plan_body(plan: capacity.Plan) -> dict:
    """The API's answer for a plan (the shape of CapacitySerializer)."""
    return {
        "seconds_per_page": round(plan.seconds_per_page, 3),
        "cores_needed": plan.cores_needed,
        "workers_needed": plan.workers_needed,
        "reviewers_needed": plan.reviewers_needed,
        "arrival": plan.arrival,
        "inputs": {name: {"value": figure.value, "source": figure.source, "sample": figure.sample, "note": figure.note}
                   for name, figure in plan.figures.items()},
        "pages_per_day": plan.pages_per_day,
        "core_seconds_per_day": round(plan.core_seconds_per_day, 1),
        "max_utilisation": plan.max_utilisation,
        "cores_at_full_load": plan.cores_at_full_load,
        "cores_for_daily_work": plan.cores_for_daily_work,
        "review_pages_per_day": round(plan.review_pages_per_day, 1),
        "reviewers_for_daily_work": plan.reviewers_for_daily_work,
        "arrivals_by_hour": [round(pages, 1) for pages in plan.arrivals_by_hour],
        "queue_depth_by_hour": [round(pages, 1) for pages in plan.queue_depth_by_hour],
        "review_queue_by_hour": [round(pages, 1) for pages in plan.review_queue_by_hour],
        "max_wait_hours": _hours(plan.max_wait_hours),
        "max_review_wait_hours": _hours(plan.max_review_wait_hours),
        "explanation": capacity.explain(plan),
    }


class CapacityView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[CapacityQuery],
        responses={200: CapacitySerializer, 400: OpenApiResponse(
            description='A list of messages per bad parameter, e.g. {"sla_hours": ["Ensure this value is less '
                        'than or equal to 720."]}')},
        summary="Cores, workers and reviewers a day of documents needs within the SLA",
        description="Measured seconds per page, review rate, pages per document and reviewer speed come from the "
                    "last 7 days of pipeline events; a parameter given replaces its figure. Every figure says "
                    "whether it was measured, a reference, an assumption, an input or a default.",
    )
    def get(self, request):
        query = CapacityQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        plan = capacity.plan_with(measured=capacity.measured(), **query.validated_data)
        return Response(plan_body(plan))
