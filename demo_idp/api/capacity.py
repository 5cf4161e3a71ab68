"""GET /api/idp/capacity/: the capacity planner's answer (capacity.py) for the given inputs.

Public: it answers with arithmetic and aggregates of the last week's events, never a document.
A parameter left out takes the measured figure (or the reference, or the default), and the
response says which under `inputs`. The parameters are the planner page's form (forms.CapacityForm).
"""

import math

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..forms import CapacityForm
from ..monitoring import capacity, capacity_explained, review_policies
from .query import form_parameters, validated_form

SOURCES = [capacity.MEASURED, capacity.REFERENCE, capacity.ASSUMPTION, capacity.INPUT, capacity.DEFAULT]


class FigureSerializer(serializers.Serializer):
    value = serializers.FloatField()
    source = serializers.ChoiceField(choices=SOURCES)
    sample = serializers.IntegerField(help_text=_("Events behind a measured figure; 0 otherwise."))
    note = serializers.CharField()


class ReviewPolicySerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=[review_policies.PAGE, review_policies.LINE])
    label = serializers.CharField()
    share = FigureSerializer(help_text=_("Page review: the share of pages read; line review: the share of words."))
    review_pages_per_day = serializers.FloatField(help_text=_("Pages read whole, or their equivalent in lines."))
    reviewers_for_daily_work = serializers.IntegerField()
    reviewers_needed = serializers.IntegerField(allow_null=True)
    max_review_wait_hours = serializers.FloatField(allow_null=True)


def hourly(help_text: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.FloatField(), min_length=24, max_length=24, help_text=help_text)


class CapacitySerializer(serializers.Serializer):
    seconds_per_page = serializers.FloatField(help_text=_("Seconds of work a page takes one core (measured)."))
    cores_needed = serializers.IntegerField(
        allow_null=True, help_text=_("Null: the SLA is shorter than a page's work."))
    workers_needed = serializers.IntegerField(allow_null=True)
    reviewers_needed = serializers.IntegerField(
        allow_null=True, help_text=_("Under page review, every routed page read whole (line review, as the pipeline "
                                     "routes, is under review_policies). Null: no number of daytime reviewers "
                                     "reviews every page within the SLA."))
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
    review_policies = ReviewPolicySerializer(
        many=True, help_text=_("Reviewers needed under page review and under line review, side by side."))


def _hours(hours: float) -> float | None:
    return None if math.isinf(hours) else round(hours, 3)


def plan_body(plan: capacity.Plan, line_review: review_policies.Policy | None = None) -> dict:
    """The API's answer for a plan (the shape of CapacitySerializer); its explanation tells line review's
    reviewers too when given."""
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
        "explanation": capacity_explained.explain(plan, line_review),
    }


class CapacityView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=form_parameters(CapacityForm),
        responses={200: CapacitySerializer, 400: OpenApiResponse(
            {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            description='A list of messages per bad parameter, e.g. {"sla_hours": ["Ensure this value is less '
                        'than or equal to 720."]}; a parameter given empty is refused too.')},
        summary="Cores, workers and reviewers a day of documents needs within the SLA",
        description="Measured seconds per page, review rate, pages per document and reviewer speed come from the "
                    "last 7 days of pipeline events; a parameter given replaces its figure. Every figure says "
                    "whether it was measured, a reference, an assumption, an input or a default.",
    )
    def get(self, request):
        # The page's form: the same inputs, bounds and messages as the page (views/capacity.py).
        form = validated_form(CapacityForm, request.query_params)
        plan = capacity.plan_with(measured=capacity.measured(), **form.given())
        page, line = review_policies.side_by_side(plan, form.line_share_or(review_policies.line_word_share()))
        return Response(plan_body(plan, line) | {"review_policies": [_policy_body(page), _policy_body(line)]})


def _policy_body(policy: review_policies.Policy) -> dict:
    share = policy.share
    return {"name": policy.name, "label": policy.label, "review_pages_per_day": round(policy.review_pages_per_day, 1),
            "share": {"value": share.value, "source": share.source, "sample": share.sample, "note": share.note},
            "reviewers_for_daily_work": policy.reviewers_for_daily_work, "reviewers_needed": policy.reviewers_needed,
            "max_review_wait_hours": _hours(policy.max_review_wait_hours)}
